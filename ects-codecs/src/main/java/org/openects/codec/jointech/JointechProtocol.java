package org.openects.codec.jointech;

import io.netty.channel.ChannelHandler;
import org.openects.codec.FrameCodec;
import org.openects.codec.StreamProtocol;

/** Jointech JT600 / JT701 e-locks over TCP: {@link JointechFrameDecoder} and {@link JointechCodec}. */
public final class JointechProtocol implements StreamProtocol {

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
