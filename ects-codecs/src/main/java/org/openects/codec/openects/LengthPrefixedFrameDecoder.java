package org.openects.codec.openects;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts a TCP stream of frames that announce their length in a header into {@code byte[]} frames, as the {@link
 * org.openects.codec.StreamProtocol} contract asks: bytes that cannot start a frame go on together as one frame of
 * their own (up to where a frame may start), a frame longer than the limit goes on cut to the limit and the rest of
 * it is skipped, and bytes left when the connection closes go on as a last, incomplete frame. Nothing is dropped
 * silently. One instance per connection.
 */
public abstract class LengthPrefixedFrameDecoder extends ByteToMessageDecoder {

    /** {@link #frameLength} result: more bytes are needed to tell. */
    protected static final long NEED_MORE = -2;

    /** {@link #frameLength} result: the bytes at this index cannot start a frame. */
    protected static final long NOT_A_FRAME = -1;

    private final int maxFrameBytes;
    private long discarding;

    protected LengthPrefixedFrameDecoder(int maxFrameBytes) {
        if (maxFrameBytes < 1) {
            throw new IllegalArgumentException("frame limit must be positive");
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * The whole length (header included) of the frame that would start at {@code index}, {@link #NOT_A_FRAME} when
     * the bytes there cannot start one, or {@link #NEED_MORE} when the {@code available} bytes do not tell yet.
     */
    protected abstract long frameLength(ByteBuf in, int index, int available);

    @Override
    protected final void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            if (discarding > 0) {
                int skip = (int) Math.min(discarding, in.readableBytes());
                in.skipBytes(skip);
                discarding -= skip;
                continue;
            }
            int start = in.readerIndex();
            int readable = in.readableBytes();
            long length = frameLength(in, start, readable);
            if (length == NEED_MORE) {
                return;
            }
            if (length == NOT_A_FRAME) {
                int garbage = 1;
                while (garbage < readable && frameLength(in, start + garbage, readable - garbage) == NOT_A_FRAME) {
                    garbage++;
                }
                out.add(take(in, garbage));
                continue;
            }
            if (length > maxFrameBytes) {
                if (readable < maxFrameBytes) {
                    return;
                }
                out.add(take(in, maxFrameBytes));
                discarding = length - maxFrameBytes;
                continue;
            }
            if (readable < length) {
                return;
            }
            out.add(take(in, (int) length));
        }
    }

    @Override
    protected final void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        decode(ctx, in, out);
        if (in.isReadable() && discarding == 0) {
            out.add(take(in, in.readableBytes()));
        }
        discarding = 0;
    }

    private static byte[] take(ByteBuf in, int length) {
        byte[] frame = ByteBufUtil.getBytes(in, in.readerIndex(), length);
        in.skipBytes(length);
        return frame;
    }
}
