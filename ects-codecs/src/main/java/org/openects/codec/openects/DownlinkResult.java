package org.openects.codec.openects;

import org.openects.codec.RejectReason;

/** What a device makes of one downlink message: accepted (signature verified) or refused. */
public sealed interface DownlinkResult {

    record Accepted(Downlink message) implements DownlinkResult {}

    record Rejected(RejectReason reason, String detail) implements DownlinkResult {}
}
