package org.openects.codec.openects;

import java.util.Arrays;

/** Big-endian writing into a growable byte array. */
final class ByteWriter {

    private byte[] bytes;
    private int length;

    ByteWriter(int capacity) {
        bytes = new byte[capacity];
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }

    int length() {
        return length;
    }

    byte[] array() {
        return bytes;
    }

    ByteWriter u8(int value) {
        ensure(1);
        bytes[length++] = (byte) value;
        return this;
    }

    ByteWriter u16(int value) {
        ensure(2);
        bytes[length++] = (byte) (value >>> 8);
        bytes[length++] = (byte) value;
        return this;
    }

    ByteWriter s32(int value) {
        ensure(4);
        bytes[length++] = (byte) (value >>> 24);
        bytes[length++] = (byte) (value >>> 16);
        bytes[length++] = (byte) (value >>> 8);
        bytes[length++] = (byte) value;
        return this;
    }

    ByteWriter u32(long value) {
        return s32((int) value);
    }

    ByteWriter bytes(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, bytes, length, value.length);
        length += value.length;
        return this;
    }

    ByteWriter varint(long value) {
        long v = value;
        while ((v & ~0x7fL) != 0) {
            u8((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        return u8((int) v);
    }

    ByteWriter zigzag(long value) {
        return varint((value << 1) ^ (value >> 63));
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }
}
