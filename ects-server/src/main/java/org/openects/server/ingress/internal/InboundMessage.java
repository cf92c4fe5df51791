package org.openects.server.ingress.internal;

import java.time.Instant;

/**
 * Bytes as they arrived, before anything is made of them.
 *
 * @param payload the message bytes
 * @param transport how they came ({@code MQTT}, later {@code HTTP}, {@code TCP}, {@code SBD})
 * @param source where from: the MQTT topic, the remote address
 * @param partitionKey what spreads messages over partitions (the device id in the topic), so that one device's
 *     messages stay in order
 * @param receivedAt when they arrived
 * @param acknowledge tells the sender the message is safely stored (MQTT PUBACK); called once, after the archive
 *     transaction committed
 */
record InboundMessage(
        byte[] payload,
        String transport,
        String source,
        String partitionKey,
        Instant receivedAt,
        Runnable acknowledge) {}
