package org.openects.codec.ais140;

import io.netty.channel.ChannelHandler;
import org.openects.codec.FrameCodec;
import org.openects.codec.StreamProtocol;

/** AIS-140 over TCP: text frames from {@code $} to {@code *} (and an optional checksum), often ended by CR LF. */
public final class Ais140Protocol implements StreamProtocol {

    /** No AIS-140 frame seen in the field comes near this (the longest captured is about 300 bytes). */
    public static final int MAX_FRAME_BYTES = 1024;

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
