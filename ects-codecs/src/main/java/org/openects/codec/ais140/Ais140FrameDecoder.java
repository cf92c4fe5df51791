package org.openects.codec.ais140;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts an AIS-140 TCP stream into frames ({@code byte[]}). A frame starts at {@code $} and ends before the next CR,
 * LF or {@code $}; CR and LF between frames are separators and are not passed on. A frame whose buffered bytes end
 * with {@code *} and a complete checksum (none, 2 or 8 hex digits) is passed on at once, so that a device that sends
 * no line end is not kept waiting for its next frame. Bytes before a {@code $} are passed on as a frame of their own
 * (the codec rejects them), frames of {@code maxFrameBytes} or more are passed on cut to that length, and whatever is
 * buffered when the connection closes is passed on too: no byte is dropped silently.
 */
final class Ais140FrameDecoder extends ByteToMessageDecoder {

    private final int maxFrameBytes;

    Ais140FrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext context, ByteBuf in, List<Object> out) {
        while (true) {
            while (in.isReadable() && isLineEnd(in.getByte(in.readerIndex()))) {
                in.skipBytes(1);
            }
            if (!in.isReadable()) {
                return;
            }
            int start = in.readerIndex();
            int available = in.readableBytes();
            int limit = start + Math.min(available, maxFrameBytes);
            int end = indexOfBoundary(in, start + 1, limit);
            if (in.getByte(start) != '$') {
                out.add(take(in, (end >= 0 ? end : limit) - start));
            } else if (end >= 0) {
                out.add(take(in, end - start));
            } else if (available >= maxFrameBytes) {
                out.add(take(in, maxFrameBytes));
            } else if (endsWithChecksum(in, start, start + available)) {
                out.add(take(in, available));
            } else {
                return;
            }
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext context, ByteBuf in, List<Object> out) {
        decode(context, in, out);
        if (in.isReadable()) {
            out.add(take(in, in.readableBytes()));
        }
    }

    private static boolean isLineEnd(byte b) {
        return b == '\r' || b == '\n';
    }

    /** The index of the first CR, LF or {@code $} in {@code [from, to)}, or -1. */
    private static int indexOfBoundary(ByteBuf in, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = in.getByte(i);
            if (b == '$' || isLineEnd(b)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean endsWithChecksum(ByteBuf in, int start, int end) {
        int star = end - 1;
        while (star > start && isHexDigit(in.getByte(star))) {
            star--;
        }
        int digits = end - 1 - star;
        return in.getByte(star) == '*' && (digits == 0 || digits == 2 || digits == 8);
    }

    private static boolean isHexDigit(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'A' && b <= 'F') || (b >= 'a' && b <= 'f');
    }

    private static byte[] take(ByteBuf in, int length) {
        byte[] frame = ByteBufUtil.getBytes(in, in.readerIndex(), length);
        in.skipBytes(length);
        return frame;
    }
}
