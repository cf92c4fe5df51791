package org.openects.codec.teltonika;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openects.codec.teltonika.AvlPackets.IMEI;
import static org.openects.codec.teltonika.AvlPackets.captured;
import static org.openects.codec.teltonika.AvlPackets.handshake;
import static org.openects.codec.teltonika.AvlPackets.packet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.openects.codec.DecodeContext;
import org.openects.codec.DeviceMessage;
import org.openects.codec.FrameCodec.Decoded;
import org.openects.codec.FuzzBudget;
import org.openects.codec.RejectReason;
import org.openects.codec.teltonika.AvlPackets.Io;
import org.openects.codec.teltonika.AvlPackets.Record;
import org.openects.domain.Alarm;
import org.openects.domain.Channel;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;
import org.openects.domain.TrustLevel;

class TeltonikaCodecTest {

    static final Instant RECEIVED = Instant.parse("2025-01-15T08:30:00Z");
    static final Instant TIME = Instant.parse("2025-01-15T08:29:00Z");

    final TeltonikaCodec codec = new TeltonikaCodec();
    final DecodeContext context = new DecodeContext(RECEIVED, Channel.CELLULAR);

    Decoded decode(byte[] frame) {
        return codec.decode(frame, context);
    }

    Decoded identified(byte[] frame) {
        decode(handshake(IMEI));
        return decode(frame);
    }

    static List<Report> reports(Decoded decoded) {
        assertThat(decoded.messages()).hasSize(1);
        assertThat(decoded.messages().getFirst()).isInstanceOf(DeviceMessage.Reports.class);
        return ((DeviceMessage.Reports) decoded.messages().getFirst()).reports();
    }

    static DeviceMessage.Rejected rejected(Decoded decoded, RejectReason reason) {
        assertThat(decoded.messages()).hasSize(1);
        assertThat(decoded.messages().getFirst()).isInstanceOf(DeviceMessage.Rejected.class);
        DeviceMessage.Rejected rejected =
                (DeviceMessage.Rejected) decoded.messages().getFirst();
        assertThat(rejected.reason()).as(rejected.detail()).isEqualTo(reason);
        return rejected;
    }

    static Record aRecord(int eventIo, Io... io) {
        return new Record(TIME.toEpochMilli(), 0, -1.2921, 36.8219, 1661, 123, 9, 62, eventIo, List.of(io));
    }

    @Test
    void the_capture_file_holds_the_packet_this_test_knows() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("teltonika-frames.txt")) {
            List<String> frames = new String(Objects.requireNonNull(in).readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .toList();
            assertThat(frames).containsExactly(AvlPackets.CAPTURED);
        }
    }

    @Test
    void the_captured_packet_after_a_handshake_is_one_record_at_its_known_time_and_place() {
        Decoded decoded = identified(captured());

        Report report = reports(decoded).getFirst();
        assertThat(reports(decoded)).hasSize(1);
        assertThat(report.deviceId()).isEqualTo(DeviceId.of(IMEI));
        assertThat(report.deviceTime()).isEqualTo(Instant.parse("2018-03-05T00:07:46Z"));
        assertThat(report.position()).isNotNull();
        assertThat(report.position().latitude()).isEqualTo(25.0680400);
        assertThat(report.position().longitude()).isEqualTo(55.1443366);
        assertThat(report.satellites()).isZero();
        assertThat(report.validFix())
                .as("no satellites in use: last known position")
                .isFalse();
        assertThat(report.speedKmh()).isZero();
        assertThat(report.alarms()).isEmpty();
        assertThat(report.trust()).isEqualTo(TrustLevel.IDENTIFIED);
        assertThat(report.receivedAt()).isEqualTo(RECEIVED);
        assertThat(decoded.reply()).containsExactly(0, 0, 0, 1);
    }

    @Test
    void the_captured_packet_without_a_handshake_is_rejected_cleanly_as_from_an_unknown_device_and_not_acknowledged() {
        Decoded decoded = decode(captured());

        DeviceMessage.Rejected rejected = rejected(decoded, RejectReason.UNKNOWN_DEVICE);
        assertThat(rejected.deviceId()).isNull();
        assertThat(rejected.detail()).contains("1 record", "2018-03-05T00:07:46Z", "25.06804", "55.1443366");
        assertThat(decoded.reply()).isNull();
    }

    @Test
    void the_handshake_names_the_connection_and_is_accepted_with_01() {
        Decoded decoded = decode(handshake(IMEI));

        assertThat(decoded.messages())
                .containsExactly(new DeviceMessage.Login(DeviceId.of(IMEI), null, "IMEI handshake"));
        assertThat(decoded.reply()).containsExactly(1);
        assertThat(context.sessionDevice()).isEqualTo(DeviceId.of(IMEI));
    }

    @ParameterizedTest
    @ValueSource(strings = {"35630704244101A", "3563070424410 3"})
    void a_handshake_that_is_not_digits_is_refused_with_00(String imei) {
        Decoded decoded = decode(handshake(imei));

        rejected(decoded, RejectReason.MALFORMED);
        assertThat(decoded.reply()).containsExactly(0);
        assertThat(context.sessionDevice()).isNull();
    }

    @Test
    void stray_bytes_are_rejected_without_a_reply_that_the_device_could_misread() {
        Decoded decoded = decode("GET / HTTP/1.1".getBytes(StandardCharsets.US_ASCII));

        rejected(decoded, RejectReason.MALFORMED);
        assertThat(decoded.reply()).isNull();
    }

    @Test
    void a_handshake_shorter_than_its_length_is_truncated() {
        byte[] cut = java.util.Arrays.copyOf(handshake(IMEI), 10);

        assertThat(rejected(decode(cut), RejectReason.TRUNCATED).detail()).contains("15 digits");
    }

    @Test
    void codec_8_extended_records_map_their_io_elements_to_typed_fields_and_are_acknowledged_by_count() {
        byte[] frame = packet(
                0x8E,
                List.of(
                        aRecord(
                                239,
                                new Io(239, 1, 1),
                                new Io(240, 1, 1),
                                new Io(21, 1, 4),
                                new Io(66, 2, 12_345),
                                new Io(67, 2, 4_012),
                                new Io(113, 1, 87),
                                new Io(16, 4, 1_234_567),
                                new Io(78, 8, 0x0102030405060708L),
                                new Io(385, 7, 0)),
                        aRecord(0, new Io(239, 1, 1))));

        Decoded decoded = identified(frame);

        List<Report> reports = reports(decoded);
        assertThat(reports).hasSize(2);
        Report first = reports.getFirst();
        assertThat(first.deviceTime()).isEqualTo(TIME);
        assertThat(first.position().latitude()).isEqualTo(-1.2921);
        assertThat(first.position().longitude()).isEqualTo(36.8219);
        assertThat(first.validFix()).isTrue();
        assertThat(first.altitudeMeters()).isEqualTo(1661.0);
        assertThat(first.courseDegrees()).isEqualTo(123.0);
        assertThat(first.satellites()).isEqualTo(9);
        assertThat(first.speedKmh()).isEqualTo(62.0);
        assertThat(first.powerVolts()).isEqualTo(12.345);
        assertThat(first.batteryPercent()).isEqualTo(87);
        assertThat(first.odometerKm()).isEqualTo(1234.567);
        assertThat(first.alarms()).containsExactly(Alarm.IGNITION_ON);
        assertThat(reports.get(1).alarms())
                .as("ignition on, but not the event of this record")
                .isEmpty();
        assertThat(ByteBuffer.wrap(decoded.reply()).getInt()).isEqualTo(2);
    }

    @ParameterizedTest(name = "event IO {0} = {1} → {2}")
    @CsvSource({
        "239, 0, IGNITION_OFF",
        "239, 1, IGNITION_ON",
        "252, 1, POWER_CUT",
        "252, 0, POWER_RESTORED",
        "253, 2, HARSH_DRIVING",
    })
    void event_io_elements_raise_their_alarm(int id, long value, Alarm alarm) {
        byte[] frame = packet(0x08, List.of(aRecord(id, new Io(id, 1, value))));

        assertThat(reports(identified(frame)).getFirst().alarms()).containsExactly(alarm);
    }

    @Test
    void a_panic_priority_record_is_an_sos() {
        Record panic = new Record(TIME.toEpochMilli(), 2, 1.0, 2.0, 0, 0, 5, 0, 0, List.of());

        assertThat(reports(identified(packet(0x08, List.of(panic)))).getFirst().alarms())
                .containsExactly(Alarm.SOS);
    }

    @Test
    void a_battery_level_above_100_percent_is_ignored() {
        byte[] frame = packet(0x08, List.of(aRecord(0, new Io(113, 1, 200))));

        assertThat(reports(identified(frame)).getFirst().batteryPercent()).isNull();
    }

    @Test
    void a_record_at_zero_zero_has_no_position() {
        Record nowhere = new Record(TIME.toEpochMilli(), 0, 0, 0, 0, 0, 0, 0, 0, List.of());

        Report report = reports(identified(packet(0x08, List.of(nowhere)))).getFirst();

        assertThat(report.position()).isNull();
        assertThat(report.validFix()).isFalse();
    }

    @Test
    void an_ack_acknowledges_exactly_the_records_received() {
        for (int count = 1; count <= 40; count += 13) {
            List<Record> records = java.util.Collections.nCopies(count, aRecord(0, new Io(66, 2, 12_000)));

            Decoded decoded = identified(packet(0x08, records));

            assertThat(reports(decoded)).hasSize(count);
            assertThat(decoded.reply()).isEqualTo(TeltonikaCodec.acknowledgement(count));
            assertThat(ByteBuffer.wrap(decoded.reply()).getInt()).isEqualTo(count);
        }
    }

    @Test
    void the_crc_is_crc_16_ibm() {
        assertThat(Crc16Ibm.compute("123456789".getBytes(StandardCharsets.US_ASCII), 0, 9))
                .isEqualTo(0xBB3D);
        byte[] captured = captured();
        assertThat(Crc16Ibm.compute(captured, 8, captured.length - 12)).isEqualTo(0xBE52);
    }

    @Test
    void a_wrong_crc_is_a_bad_checksum_and_is_not_acknowledged() {
        byte[] frame = captured();
        frame[frame.length - 1] ^= 1;

        Decoded decoded = identified(frame);

        rejected(decoded, RejectReason.BAD_CHECKSUM);
        assertThat(decoded.reply()).isNull();
    }

    @Test
    void every_truncation_of_the_captured_packet_is_truncated() {
        byte[] frame = captured();
        for (int length = 1; length < frame.length; length++) {
            rejected(identified(java.util.Arrays.copyOf(frame, length)), RejectReason.TRUNCATED);
        }
    }

    @Test
    void bytes_after_the_crc_are_malformed() {
        rejected(identified(java.util.Arrays.copyOf(captured(), 66)), RejectReason.MALFORMED);
    }

    @Test
    void record_counts_that_disagree_are_malformed() {
        byte[] frame = captured();
        frame[frame.length - 5] = 2;

        rejected(identified(AvlPackets.withCorrectCrc(frame)), RejectReason.MALFORMED);
    }

    @Test
    void other_codecs_are_unsupported() {
        byte[] frame = captured();
        frame[8] = 0x0C;

        rejected(identified(AvlPackets.withCorrectCrc(frame)), RejectReason.UNSUPPORTED);
    }

    @Test
    void coordinates_off_the_globe_are_rejected() {
        Record wrong = new Record(TIME.toEpochMilli(), 0, 91.0, 10.0, 0, 0, 5, 0, 0, List.of());

        rejected(identified(packet(0x08, List.of(wrong))), RejectReason.IMPOSSIBLE_COORDINATES);
    }

    @Test
    void a_frame_of_the_maximum_length_is_oversized() {
        rejected(decode(new byte[TeltonikaProtocol.MAX_FRAME_BYTES]), RejectReason.OVERSIZED);
    }

    @Test
    void random_single_byte_mutations_are_reports_or_rejections() {
        byte[] frame = captured();
        SplittableRandom random = new SplittableRandom(8);
        int reports = 0;
        for (int i = 0; i < 5_000; i++) {
            byte[] mutated = frame.clone();
            mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            if (random.nextBoolean()) {
                mutated = AvlPackets.withCorrectCrc(mutated);
            }
            Decoded decoded = identified(mutated);
            assertThat(decoded.messages()).hasSize(1);
            DeviceMessage message = decoded.messages().getFirst();
            assertThat(message).isInstanceOfAny(DeviceMessage.Reports.class, DeviceMessage.Rejected.class);
            assertNoDecoderFault(message);
            if (message instanceof DeviceMessage.Reports) {
                reports++;
                assertThat(decoded.reply()).isNotNull();
            }
        }
        assertThat(reports).as("mutations with a fixed CRC that still parse").isPositive();
    }

    static void assertNoDecoderFault(DeviceMessage message) {
        if (message instanceof DeviceMessage.Rejected rejected) {
            assertThat(rejected.detail()).doesNotStartWith("decoder fault");
        }
    }

    @Test
    void no_exception_escapes_twenty_thousand_mutations_of_each_packet_kind() {
        SplittableRandom random = new SplittableRandom(20_000);
        List<byte[]> frames = List.of(
                captured(),
                handshake(IMEI),
                packet(
                        0x8E,
                        List.of(
                                aRecord(239, new Io(239, 1, 1), new Io(66, 2, 12_000), new Io(385, 9, 0)),
                                aRecord(0, new Io(16, 4, 1_000)))));
        int decoded = 0;
        for (byte[] frame : frames) {
            for (int i = 0; i < FuzzBudget.mutations(20_000); i++) {
                byte[] mutated = mutate(frame, random);
                DecodeContext fresh = new DecodeContext(RECEIVED, Channel.UNKNOWN);
                if (random.nextBoolean()) {
                    fresh.sessionDevice(DeviceId.of(IMEI));
                }
                List<DeviceMessage> messages = codec.decode(mutated, fresh).messages();
                // A packet whose records' times were hit gives a rejection per such record besides its reports.
                assertThat(messages).isNotEmpty();
                for (DeviceMessage message : messages) {
                    assertNoDecoderFault(message);
                }
                decoded++;
            }
        }
        assertThat(decoded).isEqualTo(3 * FuzzBudget.mutations(20_000));
    }

    static byte[] mutate(byte[] frame, SplittableRandom random) {
        byte[] mutated;
        switch (random.nextInt(4)) {
            case 0 -> {
                mutated = frame.clone();
                for (int e = 0; e <= random.nextInt(3); e++) {
                    mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
                }
            }
            case 1 -> mutated = java.util.Arrays.copyOf(frame, random.nextInt(frame.length + 16));
            case 2 -> {
                mutated = frame.clone();
                int at = random.nextInt(mutated.length);
                mutated[at] = (byte) (random.nextBoolean() ? 0xFF : 0x00);
            }
            default -> {
                mutated = frame.clone();
                int at = 8 + random.nextInt(Math.max(1, mutated.length - 8));
                if (at < mutated.length) {
                    mutated[at] = (byte) random.nextInt(256);
                }
            }
        }
        return random.nextInt(3) == 0 ? mutated : AvlPackets.withCorrectCrc(mutated);
    }
}
