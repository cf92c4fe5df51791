package org.openects.server.ingress.internal;

import org.jspecify.annotations.Nullable;
import org.openects.codec.FrameCodec;
import org.openects.codec.RejectReason;
import org.openects.domain.DeviceId;
import org.openects.server.ingress.IngressOutcome;

/**
 * What one inbound message came to, as the ingest pipeline archives it and answers its sender.
 *
 * @param id its raw message id (the reports it carries name it)
 * @param message the message as it arrived
 * @param payload the bytes archived for it (for a message the codec held at a connection's end: the bytes it stands
 *     for; for an oversized one: the first bytes kept)
 * @param digest the SHA-256 digest of all its bytes
 * @param length its full length in bytes
 * @param claimedDevice the device its first decoded message names, if any
 * @param kind what its last decoded message is ({@code report}, {@code login}, …, {@code error})
 * @param outcome accepted, duplicate or rejected
 * @param reason why it was refused (for an accepted message: the first refusal of a part of it), or {@code null}
 * @param detail what an operator reads about it
 * @param reply the bytes the device expects back, or {@code null}
 * @param deviceReply the reply the transport sends on the device's behalf, or {@code null}
 */
record ArchivedMessage(
        long id,
        InboundMessage message,
        byte[] payload,
        byte[] digest,
        long length,
        @Nullable DeviceId claimedDevice,
        String kind,
        IngressOutcome outcome,
        @Nullable RejectReason reason,
        @Nullable String detail,
        byte @Nullable [] reply,
        FrameCodec.@Nullable DeviceReply deviceReply) {}
