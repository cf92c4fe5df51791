package org.openects.codec.teltonika;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts a Teltonika TCP stream into frames ({@code byte[]}): the IMEI handshake ({@code 00}, a length of 1 to 32 and
 * that many bytes, the first an ASCII digit) and AVL data packets ({@code 00000000}, a 4-byte data length, the
 * data and a 4-byte CRC). Bytes that start neither are passed on as a frame of their own, up to the next place where
 * one could start; a packet whose length reaches {@code maxFrameBytes} is passed on cut to that length, and what
 * follows is read as stray bytes until the next frame; whatever is buffered when the connection closes is passed on
 * too. No byte is dropped silently.
 */
final class TeltonikaFrameDecoder extends ByteToMessageDecoder {

    static final int MAX_HANDSHAKE_LENGTH = 32;

    private final int maxFrameBytes;

    TeltonikaFrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    private enum Start {
        AVL,
        HANDSHAKE,
        NONE,
        /** Too few bytes buffered to tell. */
        UNKNOWN
    }

    @Override
    protected void decode(ChannelHandlerContext context, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int start = in.readerIndex();
            int available = in.readableBytes();
            switch (startAt(in, start)) {
                case UNKNOWN -> {
                    return;
                }
                case HANDSHAKE -> {
                    int length = 2 + in.getUnsignedByte(start + 1);
                    if (available < length) {
                        return;
                    }
                    out.add(take(in, length));
                }
                case AVL -> {
                    if (available < 8) {
                        return;
                    }
                    long length = AvlPacket.ENVELOPE_BYTES + in.getUnsignedInt(start + 4);
                    if (length >= maxFrameBytes) {
                        if (available < maxFrameBytes) {
                            return;
                        }
                        out.add(take(in, maxFrameBytes));
                    } else if (available < length) {
                        return;
                    } else {
                        out.add(take(in, (int) length));
                    }
                }
                case NONE -> {
                    int end = start + 1;
                    int limit = start + Math.min(available, maxFrameBytes);
                    while (end < limit && startAt(in, end) == Start.NONE) {
                        end++;
                    }
                    out.add(take(in, end - start));
                }
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

    private static Start startAt(ByteBuf in, int index) {
        int end = in.writerIndex();
        if (in.getByte(index) != 0) {
            return Start.NONE;
        }
        if (index + 1 >= end) {
            return Start.UNKNOWN;
        }
        int second = in.getUnsignedByte(index + 1);
        if (second == 0) {
            for (int i = index + 2; i < index + 4; i++) {
                if (i >= end) {
                    return Start.UNKNOWN;
                }
                if (in.getByte(i) != 0) {
                    return Start.NONE;
                }
            }
            return Start.AVL;
        }
        if (second > MAX_HANDSHAKE_LENGTH) {
            return Start.NONE;
        }
        if (index + 2 >= end) {
            return Start.UNKNOWN;
        }
        byte digit = in.getByte(index + 2);
        return digit >= '0' && digit <= '9' ? Start.HANDSHAKE : Start.NONE;
    }

    private static byte[] take(ByteBuf in, int length) {
        byte[] frame = ByteBufUtil.getBytes(in, in.readerIndex(), length);
        in.skipBytes(length);
        return frame;
    }
}
