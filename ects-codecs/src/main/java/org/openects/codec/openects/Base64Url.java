package org.openects.codec.openects;

/** Strict base64url without padding (RFC 7515 section 2): rejects padding, foreign characters and non-zero spare bits. */
final class Base64Url {

    private static final byte[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] VALUES = new byte[256];

    static {
        java.util.Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUES[ALPHABET[i]] = (byte) i;
        }
    }

    private Base64Url() {}

    /** Number of bytes {@code length} characters decode to, or {@code -1} when no valid encoding has that length. */
    static int decodedLength(int length) {
        return switch (length % 4) {
            case 1 -> -1;
            case 2 -> length / 4 * 3 + 1;
            case 3 -> length / 4 * 3 + 2;
            default -> length / 4 * 3;
        };
    }

    /** Number of characters {@code length} bytes encode to. */
    static int encodedLength(int length) {
        return length / 3 * 4 + (length % 3 == 0 ? 0 : length % 3 + 1);
    }

    /**
     * Decodes {@code src[offset, offset+length)} into {@code dst} from index 0.
     *
     * @return the number of bytes written, or {@code -1} when the input is not canonical base64url without padding
     */
    static int decode(byte[] src, int offset, int length, byte[] dst) {
        int outLength = decodedLength(length);
        if (outLength < 0 || outLength > dst.length) {
            return -1;
        }
        int out = 0;
        int bits = 0;
        int bitCount = 0;
        for (int i = offset, end = offset + length; i < end; i++) {
            int v = VALUES[src[i] & 0xff];
            if (v < 0) {
                return -1;
            }
            bits = (bits << 6) | v;
            bitCount += 6;
            if (bitCount >= 8) {
                bitCount -= 8;
                dst[out++] = (byte) (bits >> bitCount);
                bits &= (1 << bitCount) - 1;
            }
        }
        return bits == 0 ? out : -1;
    }

    /** Encodes {@code src} into {@code dst} from {@code dstOffset}; returns the number of characters written. */
    static int encode(byte[] src, int srcLength, byte[] dst, int dstOffset) {
        int out = dstOffset;
        int i = 0;
        for (; i + 2 < srcLength; i += 3) {
            int v = (src[i] & 0xff) << 16 | (src[i + 1] & 0xff) << 8 | (src[i + 2] & 0xff);
            dst[out++] = ALPHABET[v >>> 18];
            dst[out++] = ALPHABET[(v >>> 12) & 63];
            dst[out++] = ALPHABET[(v >>> 6) & 63];
            dst[out++] = ALPHABET[v & 63];
        }
        int rest = srcLength - i;
        if (rest == 1) {
            int v = (src[i] & 0xff) << 16;
            dst[out++] = ALPHABET[v >>> 18];
            dst[out++] = ALPHABET[(v >>> 12) & 63];
        } else if (rest == 2) {
            int v = (src[i] & 0xff) << 16 | (src[i + 1] & 0xff) << 8;
            dst[out++] = ALPHABET[v >>> 18];
            dst[out++] = ALPHABET[(v >>> 12) & 63];
            dst[out++] = ALPHABET[(v >>> 6) & 63];
        }
        return out - dstOffset;
    }
}
