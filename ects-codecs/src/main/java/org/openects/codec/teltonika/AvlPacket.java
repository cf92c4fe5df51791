package org.openects.codec.teltonika;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.openects.codec.RejectReason;

/**
 * Reads a Teltonika AVL data packet ({@code 00000000}, data length, data, CRC) into its records. Every length and
 * count is checked against the bytes actually there; a packet that does not add up is a {@link Parsed.Failure}.
 */
final class AvlPacket {

    static final int CODEC_8 = 0x08;
    static final int CODEC_8_EXTENDED = 0x8E;
    /** Preamble (4), data length (4) and CRC (4) around the data. */
    static final int ENVELOPE_BYTES = 12;

    private static final int RECORD_HEADER_BYTES = 8 + 1 + 4 + 4 + 2 + 2 + 1 + 2;

    private AvlPacket() {}

    /** What a packet held: its records, or why it could not be read. */
    sealed interface Parsed {
        record Records(int codec, List<AvlRecord> records) implements Parsed {
            public Records {
                records = List.copyOf(records);
            }
        }

        record Failure(RejectReason reason, String detail) implements Parsed {}
    }

    static Parsed parse(byte[] frame) {
        if (frame.length < 8) {
            return new Parsed.Failure(
                    RejectReason.TRUNCATED, "AVL packet of " + frame.length + " bytes: no data length");
        }
        if (readInt(frame, 0) != 0) {
            return new Parsed.Failure(RejectReason.MALFORMED, "AVL packet without its 4 zero bytes preamble");
        }
        long dataLength = readInt(frame, 4) & 0xFFFF_FFFFL;
        long expected = ENVELOPE_BYTES + dataLength;
        if (frame.length < expected) {
            return new Parsed.Failure(
                    RejectReason.TRUNCATED,
                    "data length " + dataLength + " needs " + expected + " bytes; the packet has " + frame.length);
        }
        if (frame.length > expected) {
            return new Parsed.Failure(
                    RejectReason.MALFORMED,
                    (frame.length - expected) + " bytes after the CRC of a " + expected + "-byte packet");
        }
        int length = (int) dataLength;
        int crc = Crc16Ibm.compute(frame, 8, length);
        long sent = readInt(frame, 8 + length) & 0xFFFF_FFFFL;
        if (sent != crc) {
            return new Parsed.Failure(
                    RejectReason.BAD_CHECKSUM,
                    String.format("CRC-16 sent %08x, computed %04x over %d data bytes", sent, crc, length));
        }
        if (length < 3) {
            return new Parsed.Failure(RejectReason.MALFORMED, "data of " + length + " bytes: no codec and counts");
        }
        int codec = frame[8] & 0xff;
        if (codec != CODEC_8 && codec != CODEC_8_EXTENDED) {
            return new Parsed.Failure(
                    RejectReason.UNSUPPORTED, String.format("codec 0x%02x (only Codec 8 and 8 Extended)", codec));
        }
        int count = frame[9] & 0xff;
        int end = 8 + length - 1;
        if ((frame[end] & 0xff) != count) {
            return new Parsed.Failure(
                    RejectReason.MALFORMED,
                    "record count " + count + " at the start, " + (frame[end] & 0xff) + " at the end");
        }
        Reader reader = new Reader(frame, 10, end);
        List<AvlRecord> records = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            AvlRecord record = readRecord(reader, codec == CODEC_8_EXTENDED);
            if (record == null) {
                return new Parsed.Failure(
                        RejectReason.MALFORMED, "record " + (n + 1) + " of " + count + " runs past the data");
            }
            records.add(record);
        }
        if (reader.remaining() != 0) {
            return new Parsed.Failure(
                    RejectReason.MALFORMED, reader.remaining() + " bytes left after " + count + " records");
        }
        return new Parsed.Records(codec, records);
    }

    private static @Nullable AvlRecord readRecord(Reader in, boolean extended) {
        if (!in.has(RECORD_HEADER_BYTES)) {
            return null;
        }
        long millis = in.u64();
        int priority = in.u8();
        int longitude = (int) in.u32();
        int latitude = (int) in.u32();
        int altitude = (short) in.u16();
        int angle = in.u16();
        int satellites = in.u8();
        int speed = in.u16();
        int idBytes = extended ? 2 : 1;
        if (!in.has(2 * idBytes)) {
            return null;
        }
        int eventIo = (int) in.unsigned(idBytes);
        in.unsigned(idBytes); // total count: the sum of the group counts below
        Map<Integer, Long> io = new HashMap<>();
        for (int size : new int[] {1, 2, 4, 8}) {
            if (!in.has(idBytes)) {
                return null;
            }
            long elements = in.unsigned(idBytes);
            if (!in.has(elements * (idBytes + size))) {
                return null;
            }
            for (long i = 0; i < elements; i++) {
                int id = (int) in.unsigned(idBytes);
                io.put(id, in.unsigned(size));
            }
        }
        if (extended) {
            if (!in.has(2)) {
                return null;
            }
            int elements = in.u16();
            for (int i = 0; i < elements; i++) {
                if (!in.has(4)) {
                    return null;
                }
                in.u16(); // id
                int valueLength = in.u16();
                if (!in.has(valueLength)) {
                    return null;
                }
                in.skip(valueLength);
            }
        }
        return new AvlRecord(
                Instant.ofEpochMilli(millis),
                priority,
                latitude / 1e7,
                longitude / 1e7,
                altitude,
                angle,
                satellites,
                speed,
                eventIo,
                io);
    }

    private static int readInt(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xff) << 24)
                | ((bytes[offset + 1] & 0xff) << 16)
                | ((bytes[offset + 2] & 0xff) << 8)
                | (bytes[offset + 3] & 0xff);
    }

    /** Big-endian reads within {@code [position, end)}; callers check {@link #has} first. */
    private static final class Reader {
        private final byte[] bytes;
        private final int end;
        private int position;

        Reader(byte[] bytes, int position, int end) {
            this.bytes = bytes;
            this.position = position;
            this.end = end;
        }

        boolean has(long count) {
            return count >= 0 && count <= end - position;
        }

        int remaining() {
            return end - position;
        }

        void skip(int count) {
            position += count;
        }

        long unsigned(int size) {
            long value = 0;
            for (int i = 0; i < size; i++) {
                value = (value << 8) | (bytes[position++] & 0xff);
            }
            return value;
        }

        int u8() {
            return (int) unsigned(1);
        }

        int u16() {
            return (int) unsigned(2);
        }

        long u32() {
            return unsigned(4);
        }

        long u64() {
            return unsigned(8);
        }
    }
}
