package org.openects.codec.ais140;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.openects.codec.DecodeContext;
import org.openects.codec.DeviceMessage;
import org.openects.codec.FrameCodec.Decoded;
import org.openects.codec.FuzzBudget;
import org.openects.codec.RejectReason;
import org.openects.domain.Alarm;
import org.openects.domain.Channel;
import org.openects.domain.DeviceId;
import org.openects.domain.DoorState;
import org.openects.domain.Report;
import org.openects.domain.TrustLevel;

class Ais140CodecTest {

    static final Instant RECEIVED = Instant.parse("2025-01-15T08:30:00Z");
    static final List<String> FRAMES = conformanceFrames();

    final Ais140Codec codec = new Ais140Codec();
    final DecodeContext context = new DecodeContext(RECEIVED, Channel.CELLULAR);

    static List<String> conformanceFrames() {
        try (InputStream in = Ais140CodecTest.class.getResourceAsStream("ais140-frames.txt")) {
            return new String(Objects.requireNonNull(in).readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Frame {@code n} of the capture file, counted from 1. */
    static String frame(int n) {
        return FRAMES.get(n - 1);
    }

    Decoded decode(String frame) {
        return codec.decode(frame.getBytes(StandardCharsets.ISO_8859_1), context);
    }

    DeviceMessage only(String frame) {
        Decoded decoded = decode(frame);
        assertThat(decoded.messages()).hasSize(1);
        return decoded.messages().getFirst();
    }

    Report report(String frame) {
        DeviceMessage message = only(frame);
        assertThat(message).as(frame).isInstanceOf(DeviceMessage.Reports.class);
        List<Report> reports = ((DeviceMessage.Reports) message).reports();
        assertThat(reports).hasSize(1);
        return reports.getFirst();
    }

    DeviceMessage.Rejected rejected(String frame, RejectReason reason) {
        DeviceMessage message = only(frame);
        assertThat(message).as(frame).isInstanceOf(DeviceMessage.Rejected.class);
        DeviceMessage.Rejected rejected = (DeviceMessage.Rejected) message;
        assertThat(rejected.reason()).as(rejected.detail()).isEqualTo(reason);
        return rejected;
    }

    @Test
    void the_capture_file_holds_thirty_frames() {
        assertThat(FRAMES).hasSize(30);
    }

    /** Every tracking and emergency frame of the capture, as the device meant it ("received": it had no clock yet). */
    @ParameterizedTest(name = "frame {0}: {2} at {3}")
    @CsvSource(delimiter = ';', nullValues = "-", textBlock = """
            # frame; device; time; latitude; longitude; valid fix; history; alarms; door
             2; 869247045166383; 2020-03-12T14:44:53Z; 30.452524;   77.610351;   true;  false; ;                      CLOSED
             3; 868997031721531; 2020-07-14T11:20:20Z; 28.359959;   76.927566;   true;  false; ;                      UNKNOWN
             4; 868997031721531; 2020-07-14T11:15:20Z; 28.359959;   76.927553;   true;  false; SOS;                   UNKNOWN
             5; 861359032310722; 2020-07-14T18:01:50Z; 29.949376;   78.060980;   true;  false; ;                      CLOSED
             6; 869867030158879; 2020-04-14T20:48:26Z; 28.593055;   76.970035;   true;  false; ;                      CLOSED
             7; 869867036940288; 2020-01-04T09:49:01Z; 23.18731933; 77.45079633; true;  false; ;                      CLOSED
             8; 862818043908237; 2020-01-04T10:42:08Z; 28.6183987;  77.3888474;  false; false; ;                      CLOSED
             9; 868345034056903; 2019-05-27T04:02:34Z; 28.359895;   76.927879;   true;  false; ;                      UNKNOWN
            10; 868997035844834; 2019-05-22T03:54:19Z; 28.6291409;  77.3928299;  true;  true;  TAMPER BOX_OPENED;     OPEN
            11; 352093085223096; 2018-12-24T05:57:49Z; 12.303873;   76.690697;   true;  false; ;                      UNKNOWN
            12; 861693034634154; 2017-11-09T16:07:02Z; 12.976593;   77.549782;   true;  false; SOS POWER_RESTORED;    CLOSED
            13; 869867036066035; 2019-04-03T19:20:08Z; -;           -;           false; false; SOS;                   UNKNOWN
            14; 868728037717441; 2019-03-31T14:00:54Z; 28.533699;   77.269020;   true;  true;  SOS TAMPER BOX_OPENED; OPEN
            15; 869867036341099; 2019-03-11T23:10:48Z; 19.25166667; 73.04615167; true;  false; SOS TAMPER BOX_OPENED; OPEN
            16; 869867036345389; 2019-02-25T05:17:16Z; 25.12891000; 75.85587833; true;  false; ;                      CLOSED
            17; 869867035297185; 2019-02-20T10:59:13Z; 23.482630;   86.399673;   true;  false; SOS TAMPER;            CLOSED
            18; 861359039868243; 2019-02-05T07:12:25Z; 19.965062;   73.736088;   true;  false; ;                      UNKNOWN
            19; 869026034780985; 2018-11-12T12:19:53Z; 12.756974;   77.800025;   true;  false; TAMPER BOX_OPENED;     OPEN
            22; 861359034100626; received;             -;           -;           false; true;  SOS;                   UNKNOWN
            23; 864495034490141; 2018-04-19T10:29:26Z; 22.846401;   75.948952;   true;  false; SOS;                   CLOSED
            25; 869867037003854; 2019-12-02T07:48:01Z; 9.99553167;  76.35911000; true;  false; ;                      CLOSED
            26; 869867030181814; 2019-02-28T18:01:55Z; 28.688226;   76.993570;   true;  false; ;                      CLOSED
            27; 861359034100626; 2018-11-12T08:53:08Z; 18.489645;   73.855972;   true;  false; SOS TAMPER;            CLOSED
            28; 861359034137271; received;             -;           -;           false; false; SOS TAMPER BOX_OPENED; OPEN
            29; 861693034634154; 2017-11-09T15:51:33Z; 12.976495;   77.549713;   true;  false; SOS;                   UNKNOWN
            30; 864495034445822; 2018-08-03T11:07:30Z; 22.829292;   75.935806;   true;  true;  SOS;                   UNKNOWN
            """)
    void every_captured_tracking_and_emergency_frame_decodes_as_the_device_meant(
            int n,
            String device,
            String time,
            Double latitude,
            Double longitude,
            boolean validFix,
            boolean history,
            String alarms,
            DoorState door) {
        Decoded decoded = decode(frame(n));
        Report report = report(frame(n));

        assertThat(report.deviceId()).isEqualTo(DeviceId.of(device));
        assertThat(report.deviceTime()).isEqualTo(time.equals("received") ? RECEIVED : Instant.parse(time));
        if (latitude == null) {
            assertThat(report.position()).isNull();
        } else {
            assertThat(report.position()).isNotNull();
            assertThat(report.position().latitude()).isEqualTo(latitude);
            assertThat(report.position().longitude()).isEqualTo(longitude);
        }
        assertThat(report.validFix()).isEqualTo(validFix);
        assertThat(report.history()).isEqualTo(history);
        assertThat(report.alarms()).isEqualTo(alarms(alarms));
        assertThat(report.door()).isEqualTo(door);
        assertThat(report.trust()).isEqualTo(TrustLevel.IDENTIFIED);
        assertThat(report.channel()).isEqualTo(Channel.CELLULAR);
        assertThat(report.receivedAt()).isEqualTo(RECEIVED);
        assertThat(decoded.reply()).as("AIS-140 tracking packets get no reply").isNull();
    }

    static Set<Alarm> alarms(String names) {
        if (names == null || names.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(names.trim().split("\\s+")).map(Alarm::valueOf).collect(Collectors.toSet());
    }

    @Test
    void every_captured_frame_is_a_report_a_login_or_a_health_packet_and_none_is_rejected() {
        Set<Integer> logins = Set.of(1, 20, 24);
        Set<Integer> health = Set.of(21);
        for (int n = 1; n <= FRAMES.size(); n++) {
            DeviceMessage message = only(frame(n));
            Class<?> expected = logins.contains(n)
                    ? DeviceMessage.Login.class
                    : health.contains(n) ? DeviceMessage.Health.class : DeviceMessage.Reports.class;
            assertThat(message).as("frame %d: %s", n, frame(n)).isInstanceOf(expected);
        }
    }

    @Test
    void the_ctpl_frame_carries_an_odometer_of_194_9_km_and_its_gps_and_power_readings() {
        Report report = report(frame(2));

        assertThat(report.odometerKm()).isEqualTo(194.9);
        assertThat(report.speedKmh()).isEqualTo(1.4);
        assertThat(report.courseDegrees()).isEqualTo(34.8);
        assertThat(report.satellites()).isEqualTo(14);
        assertThat(report.altitudeMeters()).isEqualTo(384.19);
        assertThat(report.powerVolts()).isEqualTo(14.2);
    }

    @ParameterizedTest(name = "frame {0}: {1} km")
    @CsvSource({"5, 1.5", "6, 1076.9", "7, 8252.226", "19, 0.0", "25, 6897.214"})
    void vendors_that_send_an_odometer_after_the_frame_number_have_it_read(int n, double odometerKm) {
        assertThat(report(frame(n)).odometerKm()).isEqualTo(odometerKm);
    }

    @ParameterizedTest(name = "frame {0}")
    @CsvSource({"8", "9", "10", "11", "12", "14", "15", "16", "17", "18", "23", "26", "27"})
    void vendors_whose_trailing_fields_hold_no_known_odometer_report_none(int n) {
        assertThat(report(frame(n)).odometerKm()).isNull();
    }

    @Test
    void the_known_emergency_frame_is_an_sos_without_a_fix() {
        Report report = report(frame(13));

        assertThat(report.deviceId()).isEqualTo(DeviceId.of("869867036066035"));
        assertThat(report.alarms()).containsExactly(Alarm.SOS);
        assertThat(report.position()).isNull();
        assertThat(report.validFix()).isFalse();
    }

    @Test
    void the_emergency_stop_message_carries_its_position_and_no_sos() {
        Report report = report(frame(3));

        assertThat(report.alarms()).doesNotContain(Alarm.SOS);
        assertThat(report.altitudeMeters()).isEqualTo(260.93);
        assertThat(report.speedKmh()).isEqualTo(0.1);
    }

    @Test
    void a_login_names_the_connection_and_is_answered_with_the_server_time() {
        Decoded decoded = decode(frame(1));

        assertThat(decoded.messages())
                .containsExactly(new DeviceMessage.Login(
                        DeviceId.of("869867037009679"), "3.2AIH", "position 9.99546000 N 76.35886167 E"));
        assertThat(new String(decoded.reply(), StandardCharsets.US_ASCII)).isEqualTo("$LGN15012025083000*");
        assertThat(context.sessionDevice()).isEqualTo(DeviceId.of("869867037009679"));
    }

    @Test
    void the_numbered_login_variant_is_answered_with_its_short_acknowledgement() {
        Decoded decoded = decode(frame(20));

        assertThat(decoded.messages())
                .containsExactly(new DeviceMessage.Login(
                        DeviceId.of("861359034137271"), "0.0.1", "vendor XYZ123, vehicle MH12AB1234"));
        assertThat(new String(decoded.reply(), StandardCharsets.US_ASCII)).isEqualTo("$,1,*");
    }

    @Test
    void the_itriangle_login_without_a_login_keyword_is_recognised_by_its_shape() {
        DeviceMessage message = only(frame(24));

        assertThat(message)
                .isEqualTo(new DeviceMessage.Login(
                        DeviceId.of("861693034634154"),
                        "1_37T02B0164MAIS",
                        "vendor nliven, vehicle KA01I2000, position 12.976545 N 77.549759 E"));
        assertThat(context.sessionDevice()).isEqualTo(DeviceId.of("861693034634154"));
    }

    @Test
    void the_health_packet_reports_the_battery_and_no_position() {
        DeviceMessage message = only(frame(21));

        assertThat(message).isInstanceOf(DeviceMessage.Health.class);
        DeviceMessage.Health health = (DeviceMessage.Health) message;
        assertThat(health.deviceId()).isEqualTo(DeviceId.of("861359034137271"));
        assertThat(health.batteryPercent()).isEqualTo(100);
        assertThat(health.detail()).contains("low battery threshold 30 %", "inputs 1000");
    }

    @Test
    void a_heartbeat_without_an_imei_belongs_to_the_device_that_logged_in_on_the_connection() {
        decode(frame(1));

        Decoded decoded = decode("$,HBT,*");

        assertThat(decoded.messages()).containsExactly(new DeviceMessage.Heartbeat(DeviceId.of("869867037009679")));
        assertThat(new String(decoded.reply(), StandardCharsets.US_ASCII)).isEqualTo("$HBT*");
    }

    @Test
    void a_health_packet_with_the_hbt_keyword_is_read_like_the_numbered_one() {
        DeviceMessage message = only("$,HBT,QUECTEL,1.0,869867037009679,60%,30%,30%,10,60,0001,12.6*");

        assertThat(message).isInstanceOf(DeviceMessage.Health.class);
        assertThat(((DeviceMessage.Health) message).batteryPercent()).isEqualTo(60);
    }

    /** Frame 2 with another packet type and alert id (and its XOR checksum made to match). */
    static String ctplWith(String packetType, String alertId) {
        return withCtplChecksum(frame(2).replace(",NR,01,L,", "," + packetType + "," + alertId + ",L,"));
    }

    /**
     * A CTPL frame ({@code …,XX,*…}) with its checksum field set to the XOR of the bytes from {@code $} to the comma
     * before it, as CTPL units compute it (frame 2 of the capture verifies so).
     */
    static String withCtplChecksum(String frame) {
        int field = frame.lastIndexOf(",*") - 2;
        int xor = 0;
        for (int i = 0; i < field; i++) {
            xor ^= frame.charAt(i);
        }
        return frame.substring(0, field) + String.format("%02X", xor) + frame.substring(field + 2);
    }

    @ParameterizedTest(name = "{0},{1} → {2}")
    @CsvSource({
        "BD, 03, POWER_CUT",
        "BR, 06, POWER_RESTORED",
        "BL, 04, LOW_BATTERY",
        "IN, 07, IGNITION_ON",
        "IF, 08, IGNITION_OFF",
        "TA, 09, TAMPER",
        "EA, 10, SOS",
        "NR, 12, OVER_THE_AIR_CHANGE",
        "HB, 13, HARSH_DRIVING",
        "HA, 14, HARSH_DRIVING",
        "RT, 15, HARSH_DRIVING",
    })
    void alert_packet_types_and_ids_raise_their_alarm(String packetType, String alertId, Alarm alarm) {
        assertThat(report(ctplWith(packetType, alertId)).alarms()).containsExactly(alarm);
    }

    @ParameterizedTest(name = "{0},{1}")
    @CsvSource({"BD, 01", "NR, 3", "NR, 03"})
    void either_the_packet_type_or_the_alert_id_is_enough(String packetType, String alertId) {
        assertThat(report(ctplWith(packetType, alertId)).alarms()).containsExactly(Alarm.POWER_CUT);
    }

    @ParameterizedTest(name = "{0},{1}")
    @CsvSource({"NR, 01", "NR, 05", "NR, 11", "WD, 16", "OS, 17"})
    void events_without_a_matching_alarm_raise_none(String packetType, String alertId) {
        assertThat(report(ctplWith(packetType, alertId)).alarms()).isEmpty();
    }

    @Test
    void alert_id_2_marks_a_stored_location_update_as_history() {
        assertThat(report(ctplWith("NR", "02")).history()).isTrue();
    }

    @Test
    void a_history_packet_is_marked_as_history() {
        assertThat(report(withCtplChecksum(frame(2).replace(",01,L,", ",01,H,")))
                        .history())
                .isTrue();
    }

    @Test
    void southern_and_western_hemispheres_are_negative() {
        Report report = report(withCtplChecksum(frame(2).replace(",N,077.610351,E,", ",S,077.610351,W,")));

        assertThat(report.position().latitude()).isEqualTo(-30.452524);
        assertThat(report.position().longitude()).isEqualTo(-77.610351);
    }

    @Test
    void a_frame_ended_by_cr_lf_decodes_like_one_without() {
        assertThat(report(frame(11) + "\r\n")).isEqualTo(report(frame(11)));
    }

    @Test
    void bytes_without_a_start_marker_are_rejected_as_malformed() {
        rejected("IP=106.67.5.173", RejectReason.MALFORMED);
    }

    @Test
    void a_frame_of_the_maximum_length_or_more_is_rejected_as_oversized() {
        rejected("$" + "A".repeat(Ais140Protocol.MAX_FRAME_BYTES), RejectReason.OVERSIZED);
    }

    @Test
    void a_frame_with_a_control_byte_is_rejected_as_malformed() {
        rejected(frame(2).replace("IDEA P", "IDEA\u0000P"), RejectReason.MALFORMED);
    }

    @Test
    void a_tracking_frame_cut_before_its_coordinates_is_rejected_as_truncated() {
        String cut = frame(2).substring(0, frame(2).indexOf("30.452524"));

        DeviceMessage.Rejected rejected = rejected(cut, RejectReason.TRUNCATED);

        assertThat(rejected.deviceId()).isEqualTo(DeviceId.of("869247045166383"));
    }

    @Test
    void coordinates_off_the_globe_are_rejected() {
        rejected(withCtplChecksum(frame(2).replace("30.452524,N", "95.452524,N")), RejectReason.IMPOSSIBLE_COORDINATES);
    }

    @Test
    void an_impossible_date_is_rejected_as_malformed() {
        rejected(withCtplChecksum(frame(2).replace("12032020", "32132020")), RejectReason.MALFORMED);
    }

    @Test
    void a_well_formed_frame_of_an_unknown_packet_kind_is_unsupported() {
        rejected("$,XYZ,869247045166383,hello*", RejectReason.UNSUPPORTED);
    }

    @Test
    void a_frame_without_an_imei_is_rejected_as_malformed() {
        rejected("$,C,CTPL,4.0.0,NR,01,L,*", RejectReason.MALFORMED);
    }

    // Corruption: every truncation and random single-byte mutations of every captured frame.

    static Stream<Integer> frameNumbers() {
        return IntStream.rangeClosed(1, FRAMES.size()).boxed();
    }

    /** The kinds of message a corrupted frame may become: what the intact frame is, or a rejection. */
    Set<Class<?>> allowedKinds(String frame) {
        return Set.of(only(frame).getClass(), DeviceMessage.Rejected.class);
    }

    @ParameterizedTest(name = "frame {0}")
    @MethodSource("frameNumbers")
    void every_truncation_of_a_captured_frame_decodes_as_its_own_kind_or_is_rejected(int n) {
        String frame = frame(n);
        Set<Class<?>> allowed = allowedKinds(frame);
        for (int length = 0; length < frame.length(); length++) {
            assertOnlyAllowedKinds(frame.substring(0, length).getBytes(StandardCharsets.ISO_8859_1), allowed);
        }
    }

    @ParameterizedTest(name = "frame {0}")
    @MethodSource("frameNumbers")
    void random_single_byte_mutations_of_a_captured_frame_decode_as_its_own_kind_or_are_rejected(int n) {
        byte[] frame = frame(n).getBytes(StandardCharsets.ISO_8859_1);
        Set<Class<?>> allowed = allowedKinds(frame(n));
        SplittableRandom random = new SplittableRandom(140 + n);
        for (int i = 0; i < 500; i++) {
            byte[] mutated = frame.clone();
            mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            assertOnlyAllowedKinds(mutated, allowed);
        }
    }

    void assertOnlyAllowedKinds(byte[] frame, Set<Class<?>> allowed) {
        Decoded decoded = codec.decode(frame, new DecodeContext(RECEIVED, Channel.CELLULAR));
        assertThat(decoded.messages())
                .as(new String(frame, StandardCharsets.ISO_8859_1))
                .isNotEmpty();
        for (DeviceMessage message : decoded.messages()) {
            assertThat(allowed)
                    .as(new String(frame, StandardCharsets.ISO_8859_1))
                    .contains(message.getClass());
            assertNoDecoderFault(message);
        }
    }

    static void assertNoDecoderFault(DeviceMessage message) {
        if (message instanceof DeviceMessage.Rejected rejected) {
            assertThat(rejected.detail()).doesNotStartWith("decoder fault");
        }
    }

    /** 20,000 seeded mutations (overwrite, insert, delete, duplicate a run) of every captured frame. */
    @Test
    void no_exception_escapes_twenty_thousand_mutations_of_every_captured_frame() {
        SplittableRandom random = new SplittableRandom(20_000);
        byte[] alphabet = "$*,.0123456789ABCDEFLHNSEWOCV()\r\n-".getBytes(StandardCharsets.US_ASCII);
        int decoded = 0;
        for (String text : FRAMES) {
            byte[] frame = text.getBytes(StandardCharsets.ISO_8859_1);
            for (int i = 0; i < FuzzBudget.mutations(20_000); i++) {
                byte[] mutated = mutate(frame, random, alphabet);
                for (DeviceMessage message : codec.decode(mutated, new DecodeContext(RECEIVED, Channel.UNKNOWN))
                        .messages()) {
                    assertNoDecoderFault(message);
                    decoded++;
                }
            }
        }
        assertThat(decoded).isGreaterThanOrEqualTo(20_000 * FRAMES.size());
    }

    static byte[] mutate(byte[] frame, SplittableRandom random, byte[] alphabet) {
        byte[] bytes = frame;
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && bytes.length > 0; e++) {
            int at = random.nextInt(bytes.length);
            byte value = random.nextBoolean() ? alphabet[random.nextInt(alphabet.length)] : (byte) random.nextInt(256);
            bytes = switch (random.nextInt(4)) {
                case 0 -> {
                    byte[] changed = bytes.clone();
                    changed[at] = value;
                    yield changed;
                }
                case 1 -> splice(bytes, at, 0, new byte[] {value});
                case 2 -> splice(bytes, at, 1, new byte[0]);
                default ->
                    splice(
                            bytes,
                            at,
                            0,
                            Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + 1 + random.nextInt(12))));
            };
        }
        return bytes;
    }

    /** {@code bytes} with {@code removed} bytes at {@code at} replaced by {@code inserted}. */
    static byte[] splice(byte[] bytes, int at, int removed, byte[] inserted) {
        byte[] result = new byte[bytes.length - removed + inserted.length];
        System.arraycopy(bytes, 0, result, 0, at);
        System.arraycopy(inserted, 0, result, at, inserted.length);
        System.arraycopy(bytes, at + removed, result, at + inserted.length, bytes.length - at - removed);
        return result;
    }

    @Test
    void the_alarm_table_maps_each_alarm_it_names_to_a_distinct_packet_type() {
        Set<Alarm> mapped = EnumSet.noneOf(Alarm.class);
        for (String type : List.of("BD", "BL", "BR", "IN", "IF", "TA", "EA", "HB", "HA", "RT")) {
            mapped.addAll(Ais140Alert.alarms(type, null));
        }
        assertThat(mapped)
                .containsExactlyInAnyOrder(
                        Alarm.POWER_CUT,
                        Alarm.LOW_BATTERY,
                        Alarm.POWER_RESTORED,
                        Alarm.IGNITION_ON,
                        Alarm.IGNITION_OFF,
                        Alarm.TAMPER,
                        Alarm.SOS,
                        Alarm.HARSH_DRIVING);
    }
}
