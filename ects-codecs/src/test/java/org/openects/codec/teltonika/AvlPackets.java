package org.openects.codec.teltonika;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Builds Teltonika test frames byte by byte, from the protocol description, independently of the codec. */
final class AvlPackets {

    static final HexFormat HEX = HexFormat.of();

    /** The captured Codec 8 packet: one record, 2018-03-05 00:07:46 UTC, 25.0680400, 55.1443366. */
    static final String CAPTURED =
            "0000000000000035080100000161f37c50500020de5ba60ef11450000000000000000006040100b300b400ef0001"
                    + "09002000014e0000000000000000010000be52";

    static final String IMEI = "356307042441013";

    private AvlPackets() {}

    static byte[] captured() {
        return HEX.parseHex(CAPTURED);
    }

    static byte[] handshake(String imei) {
        byte[] digits = imei.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(digits.length >>> 8);
        out.write(digits.length);
        out.writeBytes(digits);
        return out.toByteArray();
    }

    /** One IO element: its id, its size in bytes (1, 2, 4, 8, or any other for a Codec 8 Extended X element). */
    record Io(int id, int size, long value) {}

    /** One record's fields. */
    record Record(
            long millis,
            int priority,
            double latitude,
            double longitude,
            int altitude,
            int angle,
            int satellites,
            int speed,
            int eventIo,
            List<Io> io) {}

    static byte[] packet(int codec, List<Record> records) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        boolean extended = codec == 0x8E;
        data.write(codec);
        data.write(records.size());
        for (Record r : records) {
            write(data, r.millis(), 8);
            data.write(r.priority());
            write(data, Math.round(r.longitude() * 1e7), 4);
            write(data, Math.round(r.latitude() * 1e7), 4);
            write(data, r.altitude(), 2);
            write(data, r.angle(), 2);
            data.write(r.satellites());
            write(data, r.speed(), 2);
            int idBytes = extended ? 2 : 1;
            write(data, r.eventIo(), idBytes);
            write(data, r.io().size(), idBytes);
            for (int size : new int[] {1, 2, 4, 8}) {
                List<Io> group = new ArrayList<>();
                for (Io io : r.io()) {
                    if (io.size() == size) {
                        group.add(io);
                    }
                }
                write(data, group.size(), idBytes);
                for (Io io : group) {
                    write(data, io.id(), idBytes);
                    write(data, io.value(), size);
                }
            }
            if (extended) {
                List<Io> variable = r.io().stream()
                        .filter(io -> io.size() != 1 && io.size() != 2 && io.size() != 4 && io.size() != 8)
                        .toList();
                write(data, variable.size(), 2);
                for (Io io : variable) {
                    write(data, io.id(), 2);
                    write(data, io.size(), 2);
                    for (int i = 0; i < io.size(); i++) {
                        data.write(0xA0 + i);
                    }
                }
            }
        }
        data.write(records.size());
        byte[] body = data.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, 0, 4);
        write(out, body.length, 4);
        out.writeBytes(body);
        write(out, crc16Arc(body), 4);
        return out.toByteArray();
    }

    /** Replaces the CRC of a packet by the right one for its (possibly altered) data. */
    static byte[] withCorrectCrc(byte[] packet) {
        byte[] fixed = packet.clone();
        if (fixed.length < 12) {
            return fixed;
        }
        byte[] body = new byte[fixed.length - 12];
        System.arraycopy(fixed, 8, body, 0, body.length);
        int crc = crc16Arc(body);
        fixed[fixed.length - 2] = (byte) (crc >>> 8);
        fixed[fixed.length - 1] = (byte) crc;
        return fixed;
    }

    /** CRC-16/ARC, bit by bit from its definition (polynomial x^16 + x^15 + x^2 + 1, reflected, initial 0). */
    static int crc16Arc(byte[] bytes) {
        int crc = 0;
        for (byte b : bytes) {
            for (int bit = 0; bit < 8; bit++) {
                boolean in = ((b >> bit) & 1) != 0;
                boolean top = (crc & 1) != 0;
                crc >>>= 1;
                if (in ^ top) {
                    crc ^= 0xA001;
                }
            }
        }
        return crc;
    }

    private static void write(ByteArrayOutputStream out, long value, int size) {
        for (int i = size - 1; i >= 0; i--) {
            out.write((int) (value >>> (8 * i)));
        }
    }
}
