package org.openects.codec.openects;

import org.openects.codec.RejectReason;

/** Bounds-checked big-endian reading of a byte range; running off the end throws a {@link Refusal}. */
final class ByteReader {

    private final byte[] bytes;
    private final int end;
    private int position;

    ByteReader(byte[] bytes, int offset, int end) {
        this.bytes = bytes;
        this.position = offset;
        this.end = end;
    }

    int position() {
        return position;
    }

    int remaining() {
        return end - position;
    }

    private void need(int count) {
        if (end - position < count) {
            throw new Refusal(RejectReason.TRUNCATED, "message ends inside a field at byte " + position);
        }
    }

    int u8() {
        need(1);
        return bytes[position++] & 0xff;
    }

    int u16() {
        need(2);
        int value = (bytes[position] & 0xff) << 8 | (bytes[position + 1] & 0xff);
        position += 2;
        return value;
    }

    int s32() {
        need(4);
        int value = (bytes[position] & 0xff) << 24
                | (bytes[position + 1] & 0xff) << 16
                | (bytes[position + 2] & 0xff) << 8
                | (bytes[position + 3] & 0xff);
        position += 4;
        return value;
    }

    long u32() {
        return s32() & 0xffff_ffffL;
    }

    byte[] bytes(int count) {
        need(count);
        byte[] out = new byte[count];
        System.arraycopy(bytes, position, out, 0, count);
        position += count;
        return out;
    }

    /** An unsigned LEB128 varint of at most 5 bytes, canonical (no redundant high zero groups), at most 2^32-1. */
    long varint() {
        long value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = u8();
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                if (b == 0 && shift > 0) {
                    throw new Refusal(RejectReason.MALFORMED, "varint with a redundant zero byte");
                }
                if (value > 0xffff_ffffL) {
                    throw new Refusal(RejectReason.MALFORMED, "varint above 2^32-1");
                }
                return value;
            }
        }
        throw new Refusal(RejectReason.MALFORMED, "varint longer than 5 bytes");
    }

    /** A zigzag-encoded signed varint (0, -1, 1, -2, … as 0, 1, 2, 3, …), within ±2^31. */
    long zigzag() {
        long raw = varint();
        return (raw >>> 1) ^ -(raw & 1);
    }
}
