package org.openects.codec.iridium;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.openects.codec.FrameCodec;
import org.openects.codec.ProtocolDescription;
import org.openects.codec.StreamProtocol;
import org.openects.codec.openects.LengthPrefixedFrameDecoder;
import org.openects.domain.TrustLevel;

/**
 * The DirectIP mobile-originated TCP connection: the Iridium gateway connects, sends one message (revision byte 1,
 * 2-byte overall length, elements), waits for the confirmation in the codec's reply, and closes. A frame starts with
 * byte 1 followed by a length of at least 3 and a first element identifier 0x01-0x03 or 0x05; anything else is
 * garbage passed on for rejection.
 */
public final class IridiumSbdProtocol implements StreamProtocol {

    /** What the protocol is, as the platform uses it. */
    public static final ProtocolDescription DESCRIPTION = new ProtocolDescription(
            IridiumSbdCodec.NAME,
            "Iridium SBD through the DirectIP gateway",
            ProtocolDescription.Framing.DIRECT_IP,
            Set.of(ProtocolDescription.Transport.IRIDIUM_DIRECTIP),
            ProtocolDescription.Identification.EVERY_FRAME,
            "only the gateway's addresses may connect; native payloads: compact tag under the modem's key;"
                    + " T622 fixes and location estimates: none",
            List.of(TrustLevel.SIGNED, TrustLevel.IDENTIFIED),
            List.of(ProtocolDescription.Replay.COUNTER_WINDOW, ProtocolDescription.Replay.REPEATED_READING),
            ProtocolDescription.Commands.IRIDIUM_MT,
            List.of(
                    "MOMSN, session status and the location estimate's CEP radius (health detail only)",
                    "payloads in no known format (kept undecoded)"));

    private final IridiumSbdCodec codec;

    public IridiumSbdProtocol(IridiumSbdCodec codec) {
        this.codec = Objects.requireNonNull(codec);
    }

    @Override
    public FrameCodec codec() {
        return codec;
    }

    @Override
    public ChannelHandler newFrameDecoder() {
        return new LengthPrefixedFrameDecoder(DirectIp.MAX_MESSAGE_BYTES) {
            @Override
            protected long frameLength(ByteBuf in, int index, int available) {
                if (in.getUnsignedByte(index) != DirectIp.PROTOCOL_REVISION) {
                    return NOT_A_FRAME;
                }
                if (available < 4) {
                    return NEED_MORE;
                }
                int overall = in.getUnsignedShort(index + 1);
                int iei = in.getUnsignedByte(index + 3);
                boolean knownElement = iei == DirectIp.IEI_MO_HEADER
                        || iei == DirectIp.IEI_MO_PAYLOAD
                        || iei == DirectIp.IEI_MO_LOCATION
                        || iei == DirectIp.IEI_MO_CONFIRMATION;
                return overall >= 3 && knownElement ? 3L + overall : NOT_A_FRAME;
            }
        };
    }

    @Override
    public int maxFrameBytes() {
        return DirectIp.MAX_MESSAGE_BYTES;
    }
}
