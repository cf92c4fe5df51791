package org.openects.server.ingress.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Sits before Netty's MQTT 3.1.1 decoder on the platform's subscription and keeps a PUBLISH whose payload is over the
 * limit from ever reaching it: such a message is read through as it streams in, keeping only its SHA-256 digest, its
 * first {@code prefixBytes} and its length, and goes on as an {@link OversizedPublish} (to be archived as {@code
 * OVERSIZED} and acknowledged). Every other packet is passed on whole, unchanged. Without it, the decoder's own limit
 * would fail the packet and poison the connection: the subscriber would reconnect and the broker would send the same
 * message again, for ever.
 */
final class OversizedPublishFilter extends ByteToMessageDecoder {

    private static final int PUBLISH = 3;

    /**
     * A PUBLISH over the limit, as far as it was kept.
     *
     * @param topic its topic
     * @param packetId its packet id (0 at QoS 0)
     * @param qos its QoS level
     * @param length its payload's full length
     * @param prefix the payload's first bytes
     * @param digest the SHA-256 digest of the whole payload
     */
    record OversizedPublish(String topic, int packetId, int qos, long length, byte[] prefix, byte[] digest) {}

    private final int maxPayloadBytes;
    private final int prefixBytes;
    private final MessageDigest sha256;
    /** The oversized message being read through, or null between packets. */
    private @Nullable Skipping skipping;
    /** Set once a packet too long for the MQTT decoder came: everything goes on to it, which fails the connection. */
    private boolean passThrough;

    private static final class Skipping {
        final String topic;
        final int packetId;
        final int qos;
        final long length;
        final byte[] prefix;
        int kept;
        long left;

        Skipping(String topic, int packetId, int qos, long length, int prefixBytes) {
            this.topic = topic;
            this.packetId = packetId;
            this.qos = qos;
            this.length = length;
            this.prefix = new byte[(int) Math.min(prefixBytes, length)];
            this.left = length;
        }
    }

    /**
     * @param maxPayloadBytes a PUBLISH payload over this many bytes is not passed on whole
     * @param prefixBytes how many of its first bytes are kept
     */
    OversizedPublishFilter(int maxPayloadBytes, int prefixBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
        this.prefixBytes = prefixBytes;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The largest packet passed on to the MQTT decoder: a payload at the limit with the longest topic. */
    static int maxPacketBytes(int maxPayloadBytes) {
        return maxPayloadBytes + 2 + 65_535 + 2;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            if (passThrough) {
                out.add(in.readRetainedSlice(in.readableBytes()));
                return;
            }
            Skipping s = skipping;
            if (s != null) {
                int n = (int) Math.min(in.readableBytes(), s.left);
                int keep = Math.min(n, s.prefix.length - s.kept);
                if (keep > 0) {
                    in.getBytes(in.readerIndex(), s.prefix, s.kept, keep);
                    s.kept += keep;
                }
                sha256.update(in.nioBuffer(in.readerIndex(), n));
                in.skipBytes(n);
                s.left -= n;
                if (s.left > 0) {
                    return;
                }
                skipping = null;
                out.add(new OversizedPublish(s.topic, s.packetId, s.qos, s.length, s.prefix, sha256.digest()));
                continue;
            }
            int start = in.readerIndex();
            int first = in.getUnsignedByte(start);
            long remaining = 0;
            int lengthBytes = 0;
            boolean complete = false;
            while (lengthBytes < 4) {
                if (start + 1 + lengthBytes >= in.writerIndex()) {
                    return; // the remaining length is not all here yet
                }
                int b = in.getUnsignedByte(start + 1 + lengthBytes);
                remaining |= (long) (b & 0x7F) << (7 * lengthBytes);
                lengthBytes++;
                if ((b & 0x80) == 0) {
                    complete = true;
                    break;
                }
            }
            if (!complete) {
                out.add(in.readRetainedSlice(in.readableBytes())); // malformed: the MQTT decoder says so
                return;
            }
            int header = 1 + lengthBytes;
            if ((first >> 4) == PUBLISH && remaining > maxPayloadBytes) {
                int qos = (first >> 1) & 0x03;
                if (in.readableBytes() < header + 2) {
                    return;
                }
                int topicLength = in.getUnsignedShort(start + header);
                int variable = 2 + topicLength + (qos > 0 ? 2 : 0);
                long payload = remaining - variable;
                if (payload > maxPayloadBytes) {
                    if (in.readableBytes() < header + variable) {
                        return;
                    }
                    String topic = in.toString(start + header + 2, topicLength, StandardCharsets.UTF_8);
                    int packetId = qos > 0 ? in.getUnsignedShort(start + header + 2 + topicLength) : 0;
                    in.skipBytes(header + variable);
                    sha256.reset();
                    skipping = new Skipping(topic, packetId, qos, payload, prefixBytes);
                    continue;
                }
            }
            if (remaining > maxPacketBytes(maxPayloadBytes)) {
                passThrough = true; // not a PUBLISH: the broker broke the protocol
                continue;
            }
            if (in.readableBytes() < header + remaining) {
                return; // a packet passed on whole, once it is all here
            }
            out.add(in.readRetainedSlice((int) (header + remaining)));
        }
    }
}
