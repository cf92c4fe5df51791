package org.openects.codec.jt808;

import java.io.ByteArrayOutputStream;
import org.jspecify.annotations.Nullable;

/** JT/T 808 byte-level rules: 0x7e delimiters, 0x7d escaping, XOR check code, BCD, big-endian words. */
final class Jt808Wire {

    static final int DELIMITER = 0x7e;
    static final int ESCAPE = 0x7d;

    private Jt808Wire() {}

    /**
     * The bytes between the delimiters of {@code frame} with {@code 7d 01 → 7d} and {@code 7d 02 → 7e} undone;
     * {@code null} when an escape is not followed by 01 or 02, or a bare 0x7e sits inside.
     */
    static byte @Nullable [] unescape(byte[] frame) {
        byte[] out = new byte[frame.length];
        int n = 0;
        for (int i = 1; i < frame.length - 1; i++) {
            int b = frame[i] & 0xff;
            if (b == DELIMITER) {
                return null;
            }
            if (b == ESCAPE) {
                if (i + 1 >= frame.length - 1) {
                    return null;
                }
                int next = frame[++i] & 0xff;
                if (next == 0x01) {
                    out[n++] = (byte) ESCAPE;
                } else if (next == 0x02) {
                    out[n++] = (byte) DELIMITER;
                } else {
                    return null;
                }
            } else {
                out[n++] = (byte) b;
            }
        }
        byte[] result = new byte[n];
        System.arraycopy(out, 0, result, 0, n);
        return result;
    }

    /** XOR of {@code bytes[from, to)}. */
    static int xor(byte[] bytes, int from, int to) {
        int x = 0;
        for (int i = from; i < to; i++) {
            x ^= bytes[i];
        }
        return x & 0xff;
    }

    /** A full frame: the message with its check code appended, escaped, between delimiters. */
    static byte[] frame(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + 8);
        out.write(DELIMITER);
        escape(message, out);
        escapeByte(xor(message, 0, message.length), out);
        out.write(DELIMITER);
        return out.toByteArray();
    }

    /**
     * Writes to {@code out} the frame of {@code message}, an unescaped message that already ends with its check code:
     * escaped, between delimiters. Undoes {@link #unescape}: a frame the codec accepted comes back byte for byte.
     */
    static void reframe(byte[] message, ByteArrayOutputStream out) {
        out.write(DELIMITER);
        escape(message, out);
        out.write(DELIMITER);
    }

    private static void escape(byte[] bytes, ByteArrayOutputStream out) {
        for (byte b : bytes) {
            escapeByte(b & 0xff, out);
        }
    }

    private static void escapeByte(int b, ByteArrayOutputStream out) {
        if (b == DELIMITER) {
            out.write(ESCAPE);
            out.write(0x02);
        } else if (b == ESCAPE) {
            out.write(ESCAPE);
            out.write(0x01);
        } else {
            out.write(b);
        }
    }

    static int u8(byte[] b, int at) {
        return b[at] & 0xff;
    }

    static int u16(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }

    static long u32(byte[] b, int at) {
        return ((long) u16(b, at) << 16) | u16(b, at + 2);
    }

    /** The digits of BCD bytes (leading zeros kept), or {@code null} when a nibble is not a decimal digit. */
    static @Nullable String bcd(byte[] b, int at, int length) {
        StringBuilder digits = new StringBuilder(length * 2);
        for (int i = at; i < at + length; i++) {
            int high = (b[i] & 0xff) >>> 4;
            int low = b[i] & 0x0f;
            if (high > 9 || low > 9) {
                return null;
            }
            digits.append((char) ('0' + high)).append((char) ('0' + low));
        }
        return digits.toString();
    }
}
