package org.openects.server.ingress.internal;

import org.jspecify.annotations.Nullable;
import org.openects.codec.FrameCodec;
import org.openects.codec.RejectReason;
import org.openects.domain.DeviceId;
import org.openects.server.ingress.IngressOutcome;

/** How a transport learns what became of a message it handed to the ingest pipeline. */
interface IngestCallback {

    /**
     * The message is archived (committed). The transport may now acknowledge it to the sender (MQTT PUBACK) and send
     * the protocol's reply.
     *
     * @param outcome what became of it
     * @param reason why it was refused, or {@code null}
     * @param detail the reason or summary, for answers that carry one (HTTP)
     * @param reply the bytes the device expects back, or {@code null}
     */
    void stored(
            IngressOutcome outcome, @Nullable RejectReason reason, @Nullable String detail, byte @Nullable [] reply);

    /**
     * The message was archived {@code ACCEPTED}, claimed by {@code device}: called right after {@link #stored}, on the
     * ingest partition thread; must not block. Transports that track devices on their connections (JT/T 808) use it.
     */
    default void accepted(DeviceId device) {}

    /**
     * The codec owes the device a message that does not go back on the connection it came on but over the device's
     * own downlink (an Iridium time response: a mobile-terminated message). Called after {@link #stored}, on the
     * ingest partition thread: must hand it on without blocking. Ignored by transports without such messages.
     */
    default void replyToDevice(FrameCodec.DeviceReply reply) {}

    /** The platform is shutting down and the message was not archived; the sender must send it again. */
    default void notStored() {}
}
