package org.openects.codec.ais140;

import io.netty.channel.ChannelHandler;
import java.util.List;
import java.util.Set;
import org.openects.codec.FrameCodec;
import org.openects.codec.ProtocolDescription;
import org.openects.codec.StreamProtocol;
import org.openects.domain.TrustLevel;

/** AIS-140 over TCP: text frames from {@code $} to {@code *} (and an optional checksum), often ended by CR LF. */
public final class Ais140Protocol implements StreamProtocol {

    /** No AIS-140 frame seen in the field comes near this (the longest captured is about 300 bytes). */
    public static final int MAX_FRAME_BYTES = 1024;

    /** What the protocol is, as the platform uses it. */
    public static final ProtocolDescription DESCRIPTION = new ProtocolDescription(
            Ais140Codec.NAME,
            "AIS-140 (India) vehicle tracking units",
            ProtocolDescription.Framing.DELIMITED_TEXT,
            Set.of(ProtocolDescription.Transport.TCP),
            ProtocolDescription.Identification.EVERY_FRAME,
            "none: the IMEI the frame gives",
            List.of(TrustLevel.IDENTIFIED),
            List.of(ProtocolDescription.Replay.REPEATED_READING),
            ProtocolDescription.Commands.NONE,
            List.of(
                    "altitude, course, satellites, odometer, supply voltage (no report column)",
                    "login firmware and vehicle number",
                    "health thresholds, update rates and I/O (health detail only)"));

    private final Ais140Codec codec = new Ais140Codec(MAX_FRAME_BYTES);

    public Ais140Protocol() {}

    @Override
    public FrameCodec codec() {
        return codec;
    }

    @Override
    public ChannelHandler newFrameDecoder() {
        return new Ais140FrameDecoder(MAX_FRAME_BYTES);
    }

    @Override
    public int maxFrameBytes() {
        return MAX_FRAME_BYTES;
    }
}
