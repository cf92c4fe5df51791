package org.openects.codec.jt808;

import io.netty.channel.ChannelHandler;
import java.time.ZoneOffset;
import org.openects.codec.FrameCodec;
import org.openects.codec.StreamProtocol;

/** JT/T 808 terminals over TCP: {@link Jt808FrameDecoder} and {@link Jt808Codec}. */
public final class Jt808Protocol implements StreamProtocol {

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
