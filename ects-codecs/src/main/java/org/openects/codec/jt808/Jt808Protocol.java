package org.openects.codec.jt808;

import io.netty.channel.ChannelHandler;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.openects.codec.FrameCodec;
import org.openects.codec.ProtocolDescription;
import org.openects.codec.StreamProtocol;
import org.openects.domain.TrustLevel;

/** JT/T 808 terminals over TCP: {@link Jt808FrameDecoder} and {@link Jt808Codec}. */
public final class Jt808Protocol implements StreamProtocol {

    /** What the protocol is, as the platform uses it. */
    public static final ProtocolDescription DESCRIPTION = new ProtocolDescription(
            Jt808Codec.NAME,
            "JT/T 808 terminals (JT709A e-seals)",
            ProtocolDescription.Framing.JT808_ESCAPED,
            Set.of(ProtocolDescription.Transport.TCP),
            ProtocolDescription.Identification.EVERY_FRAME,
            "none: the terminal number the header gives (the 0x0102 authentication code is not checked)",
            List.of(TrustLevel.IDENTIFIED),
            List.of(ProtocolDescription.Replay.REPEATED_READING),
            ProtocolDescription.Commands.JT808_PLATFORM,
            List.of(
                    "altitude, course, satellites, odometer (no report column)",
                    "unlock events: method, result code",
                    "registration details (province, manufacturer, model, plate)"));

    private final Jt808Codec codec;

    /** Standard clock (Beijing time) for 0x0200 times. */
    public Jt808Protocol() {
        this(Jt808Codec.STANDARD_CLOCK);
    }

    public Jt808Protocol(ZoneOffset clock) {
        this.codec = new Jt808Codec(clock);
    }

    @Override
    public FrameCodec codec() {
        return codec;
    }

    @Override
    public ChannelHandler newFrameDecoder() {
        return new Jt808FrameDecoder();
    }

    @Override
    public int maxFrameBytes() {
        return Jt808Codec.MAX_FRAME_BYTES;
    }
}
