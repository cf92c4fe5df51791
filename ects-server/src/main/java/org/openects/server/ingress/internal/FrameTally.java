package org.openects.server.ingress.internal;

import org.jspecify.annotations.Nullable;
import org.openects.codec.RejectReason;
import org.openects.server.ingress.IngressOutcome;

/**
 * The outcome of one frame from what became of its parts (its messages, the reports of a batch message): accepted when
 * any part was; otherwise a duplicate when the first refusal says so, else rejected. The first refusal is the frame's
 * reason; a frame accepted in part says how many parts were accepted and refused.
 */
final class FrameTally {

    private int accepted;
    private int refused;
    private @Nullable RejectReason firstReason;
    private @Nullable String firstDetail;

    /** One more part accepted. */
    void accept() {
        accepted++;
    }

    /** One more part refused; the first refusal is the frame's reason. */
    void refuse(RejectReason reason, @Nullable String detail) {
        refused++;
        if (firstReason == null) {
            firstReason = reason;
            firstDetail = detail;
        }
    }

    IngressOutcome outcome() {
        if (accepted > 0) {
            return IngressOutcome.ACCEPTED;
        }
        return firstReason == RejectReason.DUPLICATE ? IngressOutcome.DUPLICATE : IngressOutcome.REJECTED;
    }

    /** The reason archived: none for a frame accepted whole, else the first refusal. */
    @Nullable
    RejectReason reason() {
        return accepted > 0 && refused == 0 ? null : firstReason;
    }

    /** The detail archived: the first refusal's, or for a frame accepted in part the counts and that refusal. */
    @Nullable
    String detail() {
        if (accepted > 0 && refused > 0) {
            return accepted + " accepted, " + refused + " refused (first: " + firstReason + " " + firstDetail + ")";
        }
        return firstDetail;
    }
}
