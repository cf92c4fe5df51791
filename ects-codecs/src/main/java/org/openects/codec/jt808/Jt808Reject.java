package org.openects.codec.jt808;

import org.jspecify.annotations.Nullable;
import org.openects.codec.RejectReason;
import org.openects.domain.DeviceId;

/** Thrown inside this package to abandon a message; the codec turns it into a rejection value. */
final class Jt808Reject extends RuntimeException {

    private final RejectReason reason;
    private final @Nullable DeviceId device;

    Jt808Reject(RejectReason reason, String detail) {
        this(reason, null, detail);
    }

    Jt808Reject(RejectReason reason, @Nullable DeviceId device, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
        this.device = device;
    }

    RejectReason reason() {
        return reason;
    }

    @Nullable
    DeviceId device() {
        return device;
    }
}
