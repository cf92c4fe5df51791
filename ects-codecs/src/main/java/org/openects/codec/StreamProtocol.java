package org.openects.codec;

import io.netty.channel.ChannelHandler;

/**
 * A protocol that devices speak over a TCP stream: its {@link FrameCodec} and a way to cut the stream into frames.
 * The server's TCP listener builds every connection's pipeline in one place from these two parts.
 */
public interface StreamProtocol {

    /** The codec that decodes each frame. */
    FrameCodec codec();

    /** What the protocol is, as its codec describes it. */
    default ProtocolDescription description() {
        return codec().description();
    }

    /**
     * A new frame splitter for one connection (Netty handlers that buffer are not shareable). It passes each complete
     * frame on as a {@code byte[]}. It never drops bytes silently: bytes that cannot start a frame (garbage before a
     * start marker) are passed on as a frame of their own, which the codec rejects as {@link RejectReason#MALFORMED};
     * a frame longer than {@link #maxFrameBytes()} is passed on cut to that length and rejected as
     * {@link RejectReason#OVERSIZED}, and the splitter resynchronises on the next frame.
     */
    ChannelHandler newFrameDecoder();

    /** The longest frame this protocol accepts. */
    int maxFrameBytes();
}
