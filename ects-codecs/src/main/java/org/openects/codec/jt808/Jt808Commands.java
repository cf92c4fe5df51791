package org.openects.codec.jt808;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.openects.domain.DeviceId;

/**
 * Platform → terminal JT/T 808 commands, framed like the terminal's messages (0x7e delimiters, 0x7d escaping, header,
 * XOR check code): 0x8103 set terminal parameters with parameter 0x0029 (default time reporting interval, seconds),
 * 0x8201 position information query and 0x8500 vehicle control (door unlock, 2013 layout). The terminal answers 0x8103
 * with the terminal general response 0x0001, 0x8201 with 0x0201 and 0x8500 with 0x0500 (or 0x0001); {@link Jt808Codec} reads each answer as a {@link org.openects.codec.DeviceMessage.CommandAck} naming the
 * serial and id of the platform message answered.
 *
 * <p>The header follows the terminal id, which is the phone number's digits as {@link Jt808Codec} reports them: 12
 * digits get a 2013 header (6 BCD bytes), 20 digits a 2019 header (properties bit 14, protocol version 1, 10 BCD
 * bytes). Stateless; the caller chooses the serial.
 */
public final class Jt808Commands {

    /** Set terminal parameters. */
    public static final int SET_PARAMETERS = 0x8103;

    /** Position information query; answered by 0x0201. */
    public static final int POSITION_QUERY = 0x8201;

    /**
     * Vehicle control (JT/T 808-2013 section 8.x, message 0x8500): one control-flag byte, bit 0 = 0 door unlock, 1
     * door lock, bits 1-7 reserved. Answered by the vehicle control response 0x0500 (response serial, then a 0x0200
     * position body), or by the general response 0x0001 (result 3 when the terminal does not support it).
     */
    public static final int VEHICLE_CONTROL = 0x8500;

    /** Parameter 0x0029: default time reporting interval, seconds (DWORD). */
    public static final int REPORT_INTERVAL = 0x0029;

    /** The protocol version byte of the 2019 headers the platform sends. */
    static final int VERSION_2019 = 1;

    private static final long DWORD_MAX = 0xffff_ffffL;

    private Jt808Commands() {}

    /**
     * 0x8103 with one parameter, 0x0029 = {@code seconds}.
     *
     * @throws IllegalArgumentException when the terminal id is not 12 or 20 digits, the serial not 0 to 65535 or the
     *     interval not 0 to 2^32 − 1
     */
    public static byte[] setReportInterval(DeviceId terminal, int serial, long seconds) {
        if (seconds < 0 || seconds > DWORD_MAX) {
            throw new IllegalArgumentException("a JT/T 808 reporting interval is a DWORD: " + seconds);
        }
        byte[] body = new byte[1 + 4 + 1 + 4];
        body[0] = 1; // parameter count
        putDword(body, 1, REPORT_INTERVAL);
        body[5] = 4; // parameter length
        putDword(body, 6, seconds);
        return message(SET_PARAMETERS, terminal, serial, body);
    }

    /**
     * 0x8201, empty body.
     *
     * @throws IllegalArgumentException when the terminal id is not 12 or 20 digits or the serial not 0 to 65535
     */
    public static byte[] positionQuery(DeviceId terminal, int serial) {
        return message(POSITION_QUERY, terminal, serial, new byte[0]);
    }

    /**
     * 0x8500 in the JT/T 808-2013 layout with the control flag 0x00: bit 0 clear, door unlock (docs/adr/0007). Sent
     * only to terminals with a 2013 header (12-digit id): the 2019 body of 0x8500 is a list of control types, which the
     * public sources describe differently, so the platform does not guess it.
     *
     * @throws IllegalArgumentException when the terminal id is not 12 digits (20 digits: a 2019 terminal) or the
     *     serial not 0 to 65535
     */
    public static byte[] doorUnlock(DeviceId terminal, int serial) {
        if (terminal.value().length() != 12) {
            throw new IllegalArgumentException("the platform sends the JT/T 808 door unlock (0x8500) in its 2013 layout"
                    + " only, to terminals with a 12-digit id; " + terminal.value() + " is not one");
        }
        return message(VEHICLE_CONTROL, terminal, serial, new byte[] {0x00});
    }

    /** A platform message to {@code terminal}: header, body, check code, escaped between delimiters. */
    static byte[] message(int id, DeviceId terminal, int serial, byte[] body) {
        if (serial < 0 || serial > 0xffff) {
            throw new IllegalArgumentException("a JT/T 808 serial is a WORD: " + serial);
        }
        String digits = terminal.value();
        boolean v2019 = digits.length() == 20;
        if (!(v2019 || digits.length() == 12) || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(
                    "not a JT/T 808 terminal id (12 digits, or 20 in a 2019 header): " + digits);
        }
        ByteArrayOutputStream m = new ByteArrayOutputStream(body.length + 20);
        word(m, id);
        word(m, body.length | (v2019 ? Jt808Header.VERSION_2019 : 0));
        if (v2019) {
            m.write(VERSION_2019);
        }
        for (int i = 0; i < digits.length(); i += 2) {
            m.write((digits.charAt(i) - '0') << 4 | (digits.charAt(i + 1) - '0'));
        }
        word(m, serial);
        m.writeBytes(body);
        return Jt808Wire.frame(m.toByteArray());
    }

    /**
     * Reads a platform message as a terminal does (for tests and tools): delimiters, escapes, check code, header.
     *
     * @throws IllegalArgumentException naming what is wrong with the frame
     */
    public static PlatformMessage read(byte[] frame) {
        if (frame.length < 2
                || (frame[0] & 0xff) != Jt808Wire.DELIMITER
                || (frame[frame.length - 1] & 0xff) != Jt808Wire.DELIMITER) {
            throw new IllegalArgumentException("not a 0x7e-delimited frame");
        }
        byte[] m = Jt808Wire.unescape(frame);
        if (m == null) {
            throw new IllegalArgumentException("bad 0x7d escape or a bare 0x7e inside the frame");
        }
        Jt808Header header;
        try {
            header = Jt808Codec.header(m);
        } catch (Jt808Reject e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        if (Jt808Wire.xor(m, 0, m.length - 1) != (m[m.length - 1] & 0xff)) {
            throw new IllegalArgumentException("check code does not match");
        }
        byte[] body = Arrays.copyOfRange(m, header.bodyOffset(), header.bodyOffset() + header.bodyLength());
        return new PlatformMessage(header.messageId(), header.device(), header.serial(), header.is2019(), body);
    }

    /**
     * A platform message as a terminal reads it.
     *
     * @param messageId its id
     * @param terminal the terminal id (phone digits) it is addressed to
     * @param serial its serial number
     * @param v2019 whether it has a 2019 header
     * @param body its body
     */
    public record PlatformMessage(int messageId, DeviceId terminal, int serial, boolean v2019, byte[] body) {

        /**
         * The value of parameter 0x0029 in a 0x8103, or {@code null} when this is not a 0x8103 carrying it.
         *
         * @throws IllegalArgumentException when the 0x8103 body does not hold as many parameters as it says
         */
        public @Nullable Long reportIntervalSeconds() {
            if (messageId != SET_PARAMETERS || body.length < 1) {
                return null;
            }
            int count = body[0] & 0xff;
            int p = 1;
            Long interval = null;
            for (int i = 0; i < count; i++) {
                if (p + 5 > body.length || p + 5 + (body[p + 4] & 0xff) > body.length) {
                    throw new IllegalArgumentException("0x8103 body holds fewer than " + count + " parameters");
                }
                long id = Jt808Wire.u32(body, p);
                int length = body[p + 4] & 0xff;
                if (id == REPORT_INTERVAL && length == 4) {
                    interval = Jt808Wire.u32(body, p + 5);
                }
                p += 5 + length;
            }
            return interval;
        }
    }

    private static void putDword(byte[] b, int at, long value) {
        b[at] = (byte) (value >>> 24);
        b[at + 1] = (byte) (value >>> 16);
        b[at + 2] = (byte) (value >>> 8);
        b[at + 3] = (byte) value;
    }

    private static void word(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8 & 0xff);
        out.write(value & 0xff);
    }
}
