package org.openects.codec.teltonika;

import io.netty.channel.ChannelHandler;
import java.util.List;
import java.util.Set;
import org.openects.codec.FrameCodec;
import org.openects.codec.ProtocolDescription;
import org.openects.codec.StreamProtocol;
import org.openects.domain.TrustLevel;

/** Teltonika over TCP: the IMEI handshake, then AVL data packets (Codec 8, Codec 8 Extended). */
public final class TeltonikaProtocol implements StreamProtocol {

    /** Well above the largest AVL packet Teltonika devices send (about 1.3 KB for Codec 8, more with 8 Extended). */
    public static final int MAX_FRAME_BYTES = 8192;

    /** What the protocol is, as the platform uses it. */
    public static final ProtocolDescription DESCRIPTION = new ProtocolDescription(
            TeltonikaCodec.NAME,
            "Teltonika Codec 8 / 8 Extended",
            ProtocolDescription.Framing.TELTONIKA_AVL,
            Set.of(ProtocolDescription.Transport.TCP),
            ProtocolDescription.Identification.CONNECTION_HANDSHAKE,
            "none: the IMEI the handshake gives",
            List.of(TrustLevel.IDENTIFIED),
            List.of(ProtocolDescription.Replay.REPEATED_READING),
            ProtocolDescription.Commands.NONE,
            List.of(
                    "altitude, course, satellites, odometer, supply voltage (no report column)",
                    "IO elements without a report field (ignition state, movement, GSM signal, inputs, iButton)"));

    private final TeltonikaCodec codec = new TeltonikaCodec(MAX_FRAME_BYTES);

    public TeltonikaProtocol() {}

    @Override
    public FrameCodec codec() {
        return codec;
    }

    @Override
    public ChannelHandler newFrameDecoder() {
        return new TeltonikaFrameDecoder(MAX_FRAME_BYTES);
    }

    @Override
    public int maxFrameBytes() {
        return MAX_FRAME_BYTES;
    }
}
