package org.openects.codec.jointech;

import io.netty.channel.ChannelHandler;
import java.util.List;
import java.util.Set;
import org.openects.codec.FrameCodec;
import org.openects.codec.ProtocolDescription;
import org.openects.codec.StreamProtocol;
import org.openects.domain.TrustLevel;

/** Jointech JT600 / JT701 e-locks over TCP: {@link JointechFrameDecoder} and {@link JointechCodec}. */
public final class JointechProtocol implements StreamProtocol {

    /** What the protocol is, as the platform uses it. */
    public static final ProtocolDescription DESCRIPTION = new ProtocolDescription(
            JointechCodec.NAME,
            "Jointech JT600 / JT701 e-locks",
            ProtocolDescription.Framing.JOINTECH,
            Set.of(ProtocolDescription.Transport.TCP),
            ProtocolDescription.Identification.EVERY_FRAME,
            "none: the device id the frame gives",
            List.of(TrustLevel.IDENTIFIED),
            List.of(ProtocolDescription.Replay.REPEATED_READING),
            ProtocolDescription.Commands.NONE,
            List.of(
                    "altitude, course, satellites, odometer (no report column)",
                    "unlock events: method, card, password check, result code"));

    private final JointechCodec codec = new JointechCodec();

    @Override
    public FrameCodec codec() {
        return codec;
    }

    @Override
    public ChannelHandler newFrameDecoder() {
        return new JointechFrameDecoder();
    }

    @Override
    public int maxFrameBytes() {
        return JointechCodec.MAX_FRAME_BYTES;
    }
}
