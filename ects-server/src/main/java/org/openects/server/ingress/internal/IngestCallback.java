package org.openects.server.ingress.internal;

import org.jspecify.annotations.Nullable;
import org.openects.codec.RejectReason;
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

    /** The platform is shutting down and the message was not archived; the sender must send it again. */
    default void notStored() {}
}
