package org.openects.codec.jt808;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts a JT/T 808 TCP stream at its 0x7e delimiters, each frame passed on with both delimiters and still escaped.
 * Bytes before an opening 0x7e go out as a frame of their own, as does a lone 0x7e followed by another (the codec
 * rejects both); a frame with no closing 0x7e within {@link Jt808Codec#MAX_FRAME_BYTES} goes out cut to that
 * length. Nothing is dropped. One instance per connection.
 */
public final class Jt808FrameDecoder extends ByteToMessageDecoder {

    private static final byte DELIMITER = 0x7e;

    private final int maxFrameBytes;

    public Jt808FrameDecoder() {
        this(Jt808Codec.MAX_FRAME_BYTES);
    }

    Jt808FrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int start = in.readerIndex();
            int readable = in.readableBytes();
            int limit = Math.min(readable, maxFrameBytes);
            int length;
            if (in.getByte(start) == DELIMITER) {
                int close = in.indexOf(start + 1, start + limit, DELIMITER);
                if (close >= 0) {
                    length = close == start + 1 ? 1 : close - start + 1;
                } else if (readable >= maxFrameBytes) {
                    length = maxFrameBytes;
                } else {
                    return;
                }
            } else {
                int open = in.indexOf(start + 1, start + limit, DELIMITER);
                length = open >= 0 ? open - start : limit;
            }
            byte[] frame = new byte[length];
            in.readBytes(frame);
            out.add(frame);
        }
    }
}
