package org.openects.codec.openects;

import org.jspecify.annotations.Nullable;
import org.openects.codec.DeviceMessage;
import org.openects.codec.RejectReason;
import org.openects.domain.DeviceId;

/**
 * Why a native message cannot be accepted, thrown from deep inside a decoding step (a field reader, the JWS header)
 * and caught at the codec's entry point, where it becomes the {@link DeviceMessage.Rejected} the caller gets. Never
 * leaves the package; carries no stack trace.
 */
final class Refusal extends RuntimeException {

    private final RejectReason reason;
    private final @Nullable DeviceId device;

    Refusal(RejectReason reason, String detail) {
        this(reason, detail, null);
    }

    Refusal(RejectReason reason, String detail, @Nullable DeviceId device) {
        super(detail, null, false, false);
        this.reason = reason;
        this.device = device;
    }

    RejectReason reason() {
        return reason;
    }

    /** The rejection, naming the device the refusal names or else {@code fallback} (the transport's). */
    DeviceMessage.Rejected rejection(@Nullable DeviceId fallback) {
        return new DeviceMessage.Rejected(device != null ? device : fallback, reason, String.valueOf(getMessage()));
    }
}
