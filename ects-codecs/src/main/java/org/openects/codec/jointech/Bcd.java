package org.openects.codec.jointech;

import org.jspecify.annotations.Nullable;

/** Packed binary-coded decimal, as Jointech frames carry identities, dates and coordinates. */
final class Bcd {

    private Bcd() {}

    /**
     * The value of {@code count} decimal digits packed two per byte, starting at the high nibble of
     * {@code bytes[offset]}; {@code -1} when a nibble is not a decimal digit or the digits run past the array.
     */
    static long digits(byte[] bytes, int offset, int count) {
        if (offset < 0 || count < 0 || offset + (count + 1) / 2 > bytes.length) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < count; i++) {
            int b = bytes[offset + i / 2] & 0xff;
            int nibble = i % 2 == 0 ? b >>> 4 : b & 0x0f;
            if (nibble > 9) {
                return -1;
            }
            value = value * 10 + nibble;
        }
        return value;
    }

    /** The digits of {@code length} bytes as text (leading zeros kept), or {@code null} when one is not decimal. */
    static @Nullable String text(byte[] bytes, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > bytes.length) {
            return null;
        }
        StringBuilder text = new StringBuilder(length * 2);
        for (int i = offset; i < offset + length; i++) {
            int high = (bytes[i] & 0xff) >>> 4;
            int low = bytes[i] & 0x0f;
            if (high > 9 || low > 9) {
                return null;
            }
            text.append((char) ('0' + high)).append((char) ('0' + low));
        }
        return text.toString();
    }
}
