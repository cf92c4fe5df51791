package org.openects.codec.openects;

import org.jspecify.annotations.Nullable;
import org.openects.codec.RejectReason;
import org.openects.domain.DeviceId;
import org.openects.domain.TrustLevel;

/** What became of one uplink message: accepted (with how far it is trusted) or refused with a reason. */
public sealed interface UplinkResult {

    /**
     * @param trust {@code SIGNED} when the tag was verified; {@code IDENTIFIED} when the codec was told to inspect
     *     without a key (the {@code decode} command), or for an unsigned hello
     */
    record Accepted(Uplink message, TrustLevel trust) implements UplinkResult {}

    record Rejected(
            RejectReason reason, String detail, @Nullable DeviceId claimedDevice) implements UplinkResult {}
}
