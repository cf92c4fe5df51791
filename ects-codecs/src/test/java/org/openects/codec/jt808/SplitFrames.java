package org.openects.codec.jt808;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Builds JT/T 808 frames for the tests from the standard's layout, independently of the codec's own writer: message
 * id, properties (length in bits 0–9, bit 13 sub-packaged, bit 14 2019 header), [version], BCD phone, serial, [packet
 * count, packet number], body, XOR of all of it, then 0x7e / 0x7d escaping between 0x7e delimiters.
 */
final class SplitFrames {

    /** The terminal of the tests, 013912345678. */
    static final byte[] PHONE = HexFormat.of().parseHex("013912345678");

    /** A second terminal, 013987654321. */
    static final byte[] OTHER_PHONE = HexFormat.of().parseHex("013987654321");

    /** The 0x0704 blind-area batch body of {@link Jt808CodecTest#BATCH}: 2 locations, 63 bytes. */
    static final byte[] BATCH_BODY = HexFormat.of()
            .parseHex("000201001c000000000000000e0013b7440231db8c06a4000000b4250115100000001c000001000000000e0013b7a8"
                    + "0231dbf006a4007b00b5250115100100");

    private SplitFrames() {}

    /** A 2013-header frame; {@code packets == 0} for an unsplit message. */
    static byte[] frame(int id, byte[] phone, int serial, int packets, int packet, byte[] body) {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        word(m, id);
        word(m, body.length | (packets > 0 ? 0x2000 : 0));
        m.writeBytes(phone);
        word(m, serial);
        if (packets > 0) {
            word(m, packets);
            word(m, packet);
        }
        m.writeBytes(body);
        return wrap(m.toByteArray());
    }

    /** A 2019-header frame (version 1, 10-byte phone) of one packet of a split message. */
    static byte[] frame2019(int id, byte[] phone10, int serial, int packets, int packet, byte[] body) {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        word(m, id);
        word(m, body.length | 0x4000 | 0x2000);
        m.write(1);
        m.writeBytes(phone10);
        word(m, serial);
        word(m, packets);
        word(m, packet);
        m.writeBytes(body);
        return wrap(m.toByteArray());
    }

    /** {@code body} cut at {@code cuts} into packets with serials from {@code firstSerial}, in packet order. */
    static List<byte[]> split(int id, byte[] phone, int firstSerial, byte[] body, int... cuts) {
        List<byte[]> frames = new ArrayList<>();
        int packets = cuts.length + 1;
        int from = 0;
        for (int i = 0; i < packets; i++) {
            int to = i < cuts.length ? cuts[i] : body.length;
            frames.add(
                    frame(id, phone, (firstSerial + i) & 0xffff, packets, i + 1, Arrays.copyOfRange(body, from, to)));
            from = to;
        }
        return frames;
    }

    /** The platform general response 0x8001 the codec should send: serial 0, body = serial, id, result. */
    static byte[] generalResponse(byte[] phone, int serial, int id, int result) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        word(body, serial);
        word(body, id);
        body.write(result);
        return frame(0x8001, phone, 0, 0, 0, body.toByteArray());
    }

    /** Check code appended, escaped, delimited. */
    static byte[] wrap(byte[] message) {
        int check = 0;
        for (byte b : message) {
            check ^= b & 0xff;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x7e);
        for (int i = 0; i <= message.length; i++) {
            int b = i < message.length ? message[i] & 0xff : check;
            if (b == 0x7e || b == 0x7d) {
                out.write(0x7d);
                out.write(b == 0x7e ? 0x02 : 0x01);
            } else {
                out.write(b);
            }
        }
        out.write(0x7e);
        return out.toByteArray();
    }

    private static void word(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8 & 0xff);
        out.write(value & 0xff);
    }
}
