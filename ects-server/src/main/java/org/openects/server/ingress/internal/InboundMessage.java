package org.openects.server.ingress.internal;

import java.time.Instant;
import org.openects.codec.DecodeContext;
import org.openects.codec.FrameCodec;

/**
 * Bytes as they arrived, before anything is made of them, with what is needed to read them and to answer.
 *
 * @param payload the frame or message bytes
 * @param transport how they came: {@code MQTT}, {@code HTTP}, {@code TCP}, {@code SBD}
 * @param source where from: the MQTT topic, the remote address
 * @param partitionKey what spreads messages over partitions: the device id in an MQTT topic, the connection for TCP,
 *     so that the frames of one device or connection stay in order and its decode context has one owner
 * @param receivedAt when they arrived
 * @param codec the protocol to read them with
 * @param context the connection's decode context (session device), owned by the partition the key selects
 * @param callback told once the message is archived (with the reply the device expects) or could not be
 */
record InboundMessage(
        byte[] payload,
        String transport,
        String source,
        String partitionKey,
        Instant receivedAt,
        FrameCodec codec,
        DecodeContext context,
        IngestCallback callback) {}
