package org.openects.codec.jointech;

import org.openects.codec.RejectReason;

/** Thrown inside this package to abandon a frame; the codec turns it into a rejection value and never lets it out. */
final class RejectedFrame extends RuntimeException {

    private final RejectReason reason;

    RejectedFrame(RejectReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    RejectReason reason() {
        return reason;
    }
}
