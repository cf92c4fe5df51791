package org.openects.codec.jointech;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts a Jointech TCP stream into frames: a {@code $} frame by the length in its header, a {@code (} frame up to its
 * {@code )}. Bytes before a start marker go out as a frame of their own (the codec rejects them); a text frame
 * interrupted by a new {@code (} goes out as it is; anything longer than {@link JointechCodec#MAX_FRAME_BYTES} goes
 * out cut to that length. Nothing is dropped. One instance per connection.
 */
public final class JointechFrameDecoder extends ByteToMessageDecoder {

    private final int maxFrameBytes;

    public JointechFrameDecoder() {
        this(JointechCodec.MAX_FRAME_BYTES);
    }

    JointechFrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int start = in.readerIndex();
            int readable = in.readableBytes();
            byte first = in.getByte(start);
            int length;
            if (first == '$') {
                if (readable < 10) {
                    return;
                }
                int declared =
                        ((in.getUnsignedByte(start + (JointechBinary.isLongFormat(in.getByte(start + 1)) ? 8 : 7)) << 8)
                                        | in.getUnsignedByte(
                                                start + (JointechBinary.isLongFormat(in.getByte(start + 1)) ? 9 : 8)))
                                + 10;
                length = Math.min(declared, maxFrameBytes);
                if (readable < length) {
                    return;
                }
            } else if (first == '(') {
                length = textLength(in, start, Math.min(readable, maxFrameBytes));
                if (length < 0) {
                    if (readable < maxFrameBytes) {
                        return;
                    }
                    length = maxFrameBytes;
                }
            } else {
                length = 1;
                int limit = Math.min(readable, maxFrameBytes);
                while (length < limit) {
                    byte b = in.getByte(start + length);
                    if (b == '$' || b == '(') {
                        break;
                    }
                    length++;
                }
            }
            byte[] frame = new byte[length];
            in.readBytes(frame);
            out.add(frame);
        }
    }

    /** Bytes up to and including ')', or up to a new '(' that cuts the frame short; -1 when neither is in sight. */
    private static int textLength(ByteBuf in, int start, int limit) {
        for (int i = 1; i < limit; i++) {
            byte b = in.getByte(start + i);
            if (b == ')') {
                return i + 1;
            }
            if (b == '(') {
                return i;
            }
        }
        return -1;
    }
}
