package org.openects.codec.openects;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.openects.codec.FrameCodec;
import org.openects.codec.ProtocolDescription;
import org.openects.codec.RejectReason;
import org.openects.codec.StreamProtocol;
import org.openects.domain.TrustLevel;

/**
 * The native protocol over raw TCP: each message (compact or JWS) preceded by its length as 2 bytes big-endian, the
 * first message of a connection being a compact hello that names the device.
 *
 * <p>The length prefix has one rule, {@link #frameLength}: the frame decoder cuts the stream by it, and {@link
 * #unframe} applies it to a whole frame to take the message out or say why not. The frames passed on keep their
 * prefix (they are archived as they came on the wire); {@link OpenEctsCodec} unframes them.
 */
public final class OpenEctsTcpProtocol implements StreamProtocol {

    /** The prefix plus the longest message. */
    public static final int MAX_FRAME_BYTES = 2 + NativeProtocol.MAX_MESSAGE_BYTES;

    /** What the native protocol is, as the platform uses it, over every transport. */
    public static final ProtocolDescription DESCRIPTION = new ProtocolDescription(
            OpenEctsCodec.NAME,
            "OpenECTS native protocol (signed JSON, compact binary)",
            ProtocolDescription.Framing.NATIVE_LENGTH_PREFIXED,
            Set.of(
                    ProtocolDescription.Transport.TCP,
                    ProtocolDescription.Transport.MQTT,
                    ProtocolDescription.Transport.HTTP),
            ProtocolDescription.Identification.MESSAGE_OR_TRANSPORT,
            "HMAC-SHA256 under the device's own key (JWS HS256, 8-byte compact tag); the hello is unsigned",
            List.of(TrustLevel.SIGNED),
            List.of(ProtocolDescription.Replay.COUNTER_WINDOW),
            ProtocolDescription.Commands.SIGNED_NATIVE,
            List.of("course (no report column)"));

    private final OpenEctsCodec codec;

    public OpenEctsTcpProtocol(OpenEctsCodec codec) {
        this.codec = Objects.requireNonNull(codec);
    }

    @Override
    public FrameCodec codec() {
        return codec;
    }

    @Override
    public ChannelHandler newFrameDecoder() {
        return new LengthPrefixedFrameDecoder(MAX_FRAME_BYTES) {
            @Override
            protected long frameLength(ByteBuf in, int index, int available) {
                return OpenEctsTcpProtocol.frameLength(in, index, available);
            }
        };
    }

    /**
     * The framing rule: the whole length (prefix included) of the frame at {@code index} — a non-zero length followed
     * by a byte that can start a message — or {@link LengthPrefixedFrameDecoder#NOT_A_FRAME} when the bytes there
     * cannot start a frame, or {@link LengthPrefixedFrameDecoder#NEED_MORE} when the {@code available} bytes do not
     * tell yet. A length may announce more than {@link #MAX_FRAME_BYTES}; the caller refuses it.
     */
    static long frameLength(ByteBuf in, int index, int available) {
        if (available < 3) {
            return available == 2 && in.getUnsignedShort(index) == 0
                    ? LengthPrefixedFrameDecoder.NOT_A_FRAME
                    : LengthPrefixedFrameDecoder.NEED_MORE;
        }
        int length = in.getUnsignedShort(index);
        return length > 0 && OpenEctsCodec.canStartMessage(in.getUnsignedByte(index + 2))
                ? 2L + length
                : LengthPrefixedFrameDecoder.NOT_A_FRAME;
    }

    /**
     * The message inside one whole frame (as the frame decoder passed it on, or as a capture file holds it), by
     * {@link #frameLength}.
     *
     * @throws Refusal when the frame is no frame ({@link RejectReason#MALFORMED}: garbage, a lone byte, bytes after
     *     the announced length), announces more than {@link NativeProtocol#MAX_MESSAGE_BYTES} ({@link
     *     RejectReason#OVERSIZED}: the decoder passes such a frame on cut to the limit) or holds fewer bytes than it
     *     announces ({@link RejectReason#TRUNCATED}: the connection closed inside it)
     */
    static byte[] unframe(byte[] frame) {
        long length = frameLength(Unpooled.wrappedBuffer(frame), 0, frame.length);
        if (length == LengthPrefixedFrameDecoder.NEED_MORE) {
            if (frame.length < 2) {
                throw new Refusal(RejectReason.MALFORMED, "a lone byte is no frame");
            }
            throw new Refusal(RejectReason.TRUNCATED, "frame announces " + announced(frame) + " bytes, holds 0");
        }
        if (length == LengthPrefixedFrameDecoder.NOT_A_FRAME) {
            throw new Refusal(
                    RejectReason.MALFORMED,
                    String.format(
                            "neither a JWS, a compact message nor a length-prefixed frame: first bytes 0x%02X%02X",
                            frame[0] & 0xff, frame[1] & 0xff));
        }
        if (length > MAX_FRAME_BYTES) {
            throw new Refusal(
                    RejectReason.OVERSIZED,
                    "frame announces " + announced(frame) + " bytes, more than " + NativeProtocol.MAX_MESSAGE_BYTES);
        }
        if (length > frame.length) {
            throw new Refusal(
                    RejectReason.TRUNCATED,
                    "frame announces " + announced(frame) + " bytes, holds " + (frame.length - 2));
        }
        if (length < frame.length) {
            throw new Refusal(
                    RejectReason.MALFORMED,
                    (frame.length - length) + " bytes after the frame's " + announced(frame) + " announced bytes");
        }
        return Arrays.copyOfRange(frame, 2, frame.length);
    }

    private static int announced(byte[] frame) {
        return (frame[0] & 0xff) << 8 | (frame[1] & 0xff);
    }

    @Override
    public int maxFrameBytes() {
        return MAX_FRAME_BYTES;
    }

    /** Prefixes {@code message} with its length, as a device writes it to the TCP stream. */
    public static byte[] frame(byte[] message) {
        if (message.length == 0 || message.length > NativeProtocol.MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("message of " + message.length + " bytes cannot be framed");
        }
        byte[] framed = new byte[message.length + 2];
        framed[0] = (byte) (message.length >>> 8);
        framed[1] = (byte) message.length;
        System.arraycopy(message, 0, framed, 2, message.length);
        return framed;
    }
}
