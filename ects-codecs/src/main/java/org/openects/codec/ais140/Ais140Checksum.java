package org.openects.codec.ais140;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * AIS-140 checksums, checked where the vendor's layout and algorithm are known. AIS-140 leaves the checksum to the
 * vendors: they put it in different places and compute it differently, and some captured frames carry one that no
 * algorithm reproduces. A checksum is therefore verified only for the layouts below, each derived from captured frames
 * that all verify (see {@code docs/protocols/ais140.md}); other frames are read without one. A layout's frame
 * without its checksum field is accepted (the field is not mandatory in practice).
 *
 * <ul>
 *   <li>CTPL ({@code $,C,CTPL,…}) and RLP ({@code $RLP,…}): two hex digits in the last field before {@code *}, the
 *       XOR of every byte from {@code $} up to and with the comma before it.
 *   <li>Roadpoint ({@code $NRM,…}): eight hex digits in the last field before {@code *}, the CRC-32 (IEEE 802.3,
 *       as in zip) of the bytes from {@code $} up to and with the comma before it. Frames without {@code *} are not
 *       checked.
 *   <li>Teltonika ({@code $…,Teltonika,…}): two hex digits right after {@code *}, the XOR of every byte from {@code $}
 *       up to and with the {@code *}.
 *   <li>Emergency packets {@code $EPB,…} ending {@code *} and eight hex digits: the CRC-32 of the bytes from {@code $}
 *       up to the {@code *}.
 *   <li>Numbered tracking packets {@code $,03,…} and {@code $,04,…}: eight hex digits in the last field, the
 *       CRC-32/MPEG-2 (polynomial 0x04C11DB7, initial 0xFFFFFFFF, not reflected, no final XOR) of the bytes from
 *       {@code $} up to and with the comma before it.
 * </ul>
 */
final class Ais140Checksum {

    private static final int[] MPEG2 = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int c = i << 24;
            for (int bit = 0; bit < 8; bit++) {
                c = (c & 0x80000000) != 0 ? (c << 1) ^ 0x04C11DB7 : c << 1;
            }
            MPEG2[i] = c;
        }
    }

    private Ais140Checksum() {}

    /**
     * What is wrong with the checksum of the frame {@code frame[0, end)} (ASCII, starting with {@code $}; {@code star}
     * the index of its first {@code *} or -1), or {@code null} when it is right, absent, or of a layout that is not
     * checked.
     */
    static @Nullable String problem(byte[] frame, int end, int star) {
        if (startsWith(frame, end, "$RLP,")) {
            return star < 0 ? null : xorField(frame, star, "RLP");
        }
        if (startsWith(frame, end, "$NRM,")) {
            return star < 0 ? null : crcField(frame, star, false, "Roadpoint");
        }
        if (startsWith(frame, end, "$,03,") || startsWith(frame, end, "$,04,")) {
            return crcField(frame, star < 0 ? end : star, true, "numbered tracking packet");
        }
        if (startsWith(frame, end, "$EPB,")) {
            return star < 0 || end - star - 1 != 8 ? null : crcAfterEnd(frame, end, star);
        }
        if (star < 0) {
            return null;
        }
        if (field(frame, end, 2, "CTPL") && field(frame, end, 0, "")) {
            return xorField(frame, star, "CTPL");
        }
        if (field(frame, end, 1, "Teltonika")) {
            return end - star - 1 != 2 ? null : xorAfterEnd(frame, end, star);
        }
        return null;
    }

    /** The XOR of the bytes {@code [from, to)}. */
    static int xor(byte[] bytes, int from, int to) {
        int x = 0;
        for (int i = from; i < to; i++) {
            x ^= bytes[i];
        }
        return x & 0xff;
    }

    /** The CRC-32 (IEEE 802.3) of the bytes {@code [from, to)}. */
    static long crc32(byte[] bytes, int from, int to) {
        CRC32 crc = new CRC32();
        crc.update(bytes, from, to - from);
        return crc.getValue();
    }

    /** The CRC-32/MPEG-2 of the bytes {@code [from, to)}. */
    static long crc32Mpeg2(byte[] bytes, int from, int to) {
        int crc = 0xFFFFFFFF;
        for (int i = from; i < to; i++) {
            crc = (crc << 8) ^ MPEG2[((crc >>> 24) ^ bytes[i]) & 0xff];
        }
        return crc & 0xFFFFFFFFL;
    }

    /** Two hex digits as the last field before {@code limit} (one empty field may follow), XOR up to its comma. */
    private static @Nullable String xorField(byte[] frame, int limit, String vendor) {
        int start = lastFieldStart(frame, limit);
        int end = lastFieldEnd(frame, limit);
        if (start < 0 || end - start != 2) {
            return null;
        }
        long sent = hex(frame, start, end);
        if (sent < 0) {
            return null;
        }
        int computed = xor(frame, 0, start);
        return sent == computed
                ? null
                : String.format(
                        "%s checksum %s does not match the XOR of the bytes from $ to the comma before it (%02X)",
                        vendor, text(frame, start, end), computed);
    }

    /** Eight hex digits as the last field before {@code limit}, CRC-32 (or CRC-32/MPEG-2) up to its comma. */
    private static @Nullable String crcField(byte[] frame, int limit, boolean mpeg2, String layout) {
        int start = lastFieldStart(frame, limit);
        int end = lastFieldEnd(frame, limit);
        if (start < 0 || end - start != 8) {
            return null;
        }
        long sent = hex(frame, start, end);
        if (sent < 0) {
            return null;
        }
        long computed = mpeg2 ? crc32Mpeg2(frame, 0, start) : crc32(frame, 0, start);
        return sent == computed
                ? null
                : String.format(
                        "%s checksum %s does not match the %s of the bytes from $ to the comma before it (%08X)",
                        layout, text(frame, start, end), mpeg2 ? "CRC-32/MPEG-2" : "CRC-32", computed);
    }

    private static @Nullable String xorAfterEnd(byte[] frame, int end, int star) {
        long sent = hex(frame, star + 1, end);
        if (sent < 0) {
            return null;
        }
        int computed = xor(frame, 0, star + 1);
        return sent == computed
                ? null
                : String.format(
                        "Teltonika checksum %s does not match the XOR of the bytes from $ to * (%02X)",
                        text(frame, star + 1, end), computed);
    }

    private static @Nullable String crcAfterEnd(byte[] frame, int end, int star) {
        long sent = hex(frame, star + 1, end);
        if (sent < 0) {
            return null;
        }
        long computed = crc32(frame, 0, star);
        return sent == computed
                ? null
                : String.format(
                        "emergency packet checksum %s does not match the CRC-32 of the bytes from $ to * (%08X)",
                        text(frame, star + 1, end), computed);
    }

    /** The end of the last field before {@code limit}: {@code limit}, or one before when an empty field ends it. */
    private static int lastFieldEnd(byte[] frame, int limit) {
        return limit > 0 && frame[limit - 1] == ',' ? limit - 1 : limit;
    }

    /**
     * The start of the last field before {@code limit} ({@code …,0B,*}: one empty field may follow it), or -1 when it
     * is not preceded by a comma.
     */
    private static int lastFieldStart(byte[] frame, int limit) {
        int start = lastFieldEnd(frame, limit);
        while (start > 0 && frame[start - 1] != ',') {
            start--;
        }
        return start > 0 ? start : -1;
    }

    /** The value of the hex digits {@code [from, to)} (either case), or -1 when one is not a hex digit. */
    private static long hex(byte[] frame, int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            int digit = Character.digit(frame[i], 16);
            if (digit < 0) {
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    private static boolean startsWith(byte[] frame, int end, String prefix) {
        if (end < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (frame[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether comma-separated field {@code index} (field 0 starts after the {@code $}) is exactly {@code value}. */
    private static boolean field(byte[] frame, int end, int index, String value) {
        int start = 1;
        for (int n = 0; n < index; n++) {
            while (start < end && frame[start] != ',') {
                start++;
            }
            if (start >= end) {
                return false;
            }
            start++;
        }
        int stop = start;
        while (stop < end && frame[stop] != ',' && frame[stop] != '*') {
            stop++;
        }
        if (stop - start != value.length()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (frame[start + i] != value.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] frame, int from, int to) {
        return new String(frame, from, to - from, StandardCharsets.US_ASCII);
    }
}
