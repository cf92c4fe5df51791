package org.openects.codec.openects;

import org.jspecify.annotations.Nullable;
import org.openects.codec.RejectReason;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;

/** What became of one native protocol message: an accepted report or a rejection with its reason. */
public sealed interface DecodeResult {

    /** The message was well formed, signed by the device's key and plausible; the report has trust {@code SIGNED}. */
    record Accepted(Report report) implements DecodeResult {}

    /**
     * The message was refused.
     *
     * @param reason the stable reason
     * @param detail a human explanation for logs and the archive, never containing key material
     * @param claimedDevice the device the message claims to come from, when it could be read (not proof of origin)
     */
    record Rejected(
            RejectReason reason, String detail, @Nullable DeviceId claimedDevice) implements DecodeResult {}
}
