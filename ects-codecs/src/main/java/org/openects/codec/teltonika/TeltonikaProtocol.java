package org.openects.codec.teltonika;

import io.netty.channel.ChannelHandler;
import org.openects.codec.FrameCodec;
import org.openects.codec.StreamProtocol;

/** Teltonika over TCP: the IMEI handshake, then AVL data packets (Codec 8, Codec 8 Extended). */
public final class TeltonikaProtocol implements StreamProtocol {

    /** Well above the largest AVL packet Teltonika devices send (about 1.3 KB for Codec 8, more with 8 Extended). */
    public static final int MAX_FRAME_BYTES = 8192;

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
