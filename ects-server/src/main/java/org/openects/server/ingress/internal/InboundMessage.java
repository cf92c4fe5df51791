package org.openects.server.ingress.internal;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.openects.codec.DecodeContext;
import org.openects.codec.FrameCodec;

/**
 * Bytes as they arrived, before anything is made of them, with what is needed to read them and to answer; or the end
 * of a connection, after its last frame.
 *
 * @param payload the frame or message bytes (none for a connection's end)
 * @param transport how they came: {@code MQTT}, {@code HTTP}, {@code TCP}, {@code SBD}
 * @param source where from: the MQTT topic, the remote address
 * @param partitionKey what spreads messages over partitions: the device id in an MQTT topic, the connection for TCP,
 *     so that the frames of one device or connection stay in order and its decode context has one owner
 * @param receivedAt when they arrived (when the connection ended)
 * @param codec the protocol to read them with
 * @param context the connection's decode context (session device), owned by the partition the key selects
 * @param callback told once the message is archived (with the reply the device expects) or could not be
 * @param connectionEnd true for the end of a connection: the codec is told ({@link FrameCodec#finish}) by the
 *     partition that owns the context, after the connection's frames, and what it still held is archived
 * @param oversized set when the transport did not keep the whole message because it is over its size limit: {@code
 *     payload} is then only its first bytes, and the message is archived as {@code OVERSIZED} without being decoded
 */
record InboundMessage(
        byte[] payload,
        String transport,
        String source,
        String partitionKey,
        Instant receivedAt,
        FrameCodec codec,
        DecodeContext context,
        IngestCallback callback,
        boolean connectionEnd,
        @Nullable Oversized oversized) {

    /**
     * What a transport knows of a message it did not keep whole.
     *
     * @param length the message's full length in bytes
     * @param digest the SHA-256 digest of all its bytes
     */
    record Oversized(long length, byte[] digest) {}

    /** Bytes that arrived. */
    InboundMessage(
            byte[] payload,
            String transport,
            String source,
            String partitionKey,
            Instant receivedAt,
            FrameCodec codec,
            DecodeContext context,
            IngestCallback callback) {
        this(payload, transport, source, partitionKey, receivedAt, codec, context, callback, false, null);
    }

    /** A message over the transport's size limit, of which only {@code prefix} was kept. */
    static InboundMessage oversized(
            byte[] prefix,
            Oversized oversized,
            String transport,
            String source,
            String partitionKey,
            Instant receivedAt,
            FrameCodec codec,
            DecodeContext context,
            IngestCallback callback) {
        return new InboundMessage(
                prefix, transport, source, partitionKey, receivedAt, codec, context, callback, false, oversized);
    }

    /** The end of a connection whose frames went in with the same partition key and context. */
    static InboundMessage connectionEnd(
            String transport,
            String source,
            String partitionKey,
            Instant endedAt,
            FrameCodec codec,
            DecodeContext context,
            IngestCallback callback) {
        return new InboundMessage(
                new byte[0], transport, source, partitionKey, endedAt, codec, context, callback, true, null);
    }
}
