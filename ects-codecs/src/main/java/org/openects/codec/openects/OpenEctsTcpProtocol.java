package org.openects.codec.openects;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.openects.codec.FrameCodec;
import org.openects.codec.ProtocolDescription;
import org.openects.codec.StreamProtocol;
import org.openects.domain.TrustLevel;

/**
 * The native protocol over raw TCP: each message (compact or JWS) preceded by its length as 2 bytes big-endian, the
 * first message of a connection being a compact hello that names the device. The frames passed on keep their length
 * prefix; {@link OpenEctsCodec} strips it.
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
                if (available < 3) {
                    return available == 2 && in.getUnsignedShort(index) == 0 ? NOT_A_FRAME : NEED_MORE;
                }
                int length = in.getUnsignedShort(index);
                return length > 0 && OpenEctsCodec.canStartMessage(in.getUnsignedByte(index + 2))
                        ? 2L + length
                        : NOT_A_FRAME;
            }
        };
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
