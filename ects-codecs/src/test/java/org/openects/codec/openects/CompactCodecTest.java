package org.openects.codec.openects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.openects.codec.openects.CompactFixtures.DEVICE;
import static org.openects.codec.openects.CompactFixtures.KEY;
import static org.openects.codec.openects.CompactFixtures.NOW;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openects.codec.DeviceMessage;
import org.openects.codec.RejectReason;
import org.openects.domain.Channel;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;
import org.openects.domain.SealState;
import org.openects.domain.TrustLevel;

class CompactCodecTest {

    private final CompactCodec codec = new CompactCodec(CompactFixtures.keys());
    private final Instant receivedAt = NOW.plusSeconds(5);

    private DeviceMessage decode(byte[] message) {
        return codec.decodeUplink(message, DEVICE, receivedAt, Channel.SATELLITE);
    }

    private List<Report> reportsOf(DeviceMessage result) {
        assertThat(result).isInstanceOf(DeviceMessage.Reports.class);
        List<Report> reports = ((DeviceMessage.Reports) result).reports();
        assertThat(reports).allSatisfy(r -> assertThat(r.trust()).isEqualTo(TrustLevel.SIGNED));
        return reports;
    }

    @Test
    void the_worked_example_encodes_to_the_documented_bytes() {
        Report report = Report.builder(DEVICE, NOW)
                .counter(42)
                .position(-4.0435, 39.6682)
                .speedKmh(57.5)
                .courseDegrees(271.0)
                .seal(SealState.CLOSED)
                .lock(org.openects.domain.LockState.LOCKED)
                .door(org.openects.domain.DoorState.CLOSED)
                .batteryPercent(87)
                .build();
        byte[] message = CompactCodec.signer().encodeReport(report, KEY);
        assertThat(HexFormat.of().formatHex(message))
                .isEqualTo("e10000002a67877208fd9702c817a4e3103a885715030000888121c0df884992");
        Report decoded = reportsOf(decode(message)).getFirst();
        assertThat(decoded.speedKmh()).isEqualTo(58.0);
        assertThat(decoded.courseDegrees()).isEqualTo(272.0);
        assertThat(decoded.position()).isEqualTo(report.position());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 2025})
    void seeded_random_reports_survive_the_round_trip_in_32_bytes(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < 200; i++) {
            Report sent = CompactFixtures.randomReport(random, random.nextLong(1L << 32), NOW.minusSeconds(i));
            byte[] message = codec.encodeReport(sent, KEY);
            assertThat(message).hasSize(CompactProtocol.REPORT_BYTES);
            assertThat(message.length).isLessThanOrEqualTo(48);
            assertThat(reportsOf(decode(message)))
                    .containsExactly(CompactFixtures.asReceived(sent, receivedAt, Channel.SATELLITE));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {7, 8, 9})
    void seeded_random_batches_survive_the_round_trip(long seed) {
        Random random = new Random(seed);
        for (int run = 0; run < 50; run++) {
            int count = 1 + random.nextInt(40);
            List<Report> sent = new ArrayList<>();
            long counter = random.nextLong(1L << 31);
            for (int i = 0; i < count; i++) {
                counter += 1 + (random.nextInt(4) == 0 ? random.nextInt(1000) : 0);
                sent.add(CompactFixtures.randomReport(random, counter, NOW.minusSeconds(random.nextInt(1 << 30))));
            }
            byte[] batch = codec.encodeBatch(sent, KEY);
            assertThat(reportsOf(decode(batch)))
                    .containsExactlyElementsOf(sent.stream()
                            .map(r -> CompactFixtures.asReceived(r, receivedAt, Channel.SATELLITE))
                            .toList());
        }
    }

    @Test
    void a_batch_of_a_truck_track_fits_far_more_than_six_reports_in_one_sbd_message() {
        Random random = new Random(340);
        List<Report> track = CompactFixtures.track(random, 40, 1000);
        int fitting = 0;
        for (int n = 1; n <= track.size(); n++) {
            if (codec.encodeBatch(track.subList(0, n), KEY).length <= CompactProtocol.SBD_MO_MAX_BYTES) {
                fitting = n;
            }
        }
        assertThat(codec.encodeBatch(track.subList(0, 6), KEY).length)
                .isLessThanOrEqualTo(CompactProtocol.SBD_MO_MAX_BYTES);
        assertThat(fitting).isGreaterThanOrEqualTo(16);
        byte[] full = codec.encodeBatch(track.subList(0, fitting), KEY);
        assertThat(reportsOf(decode(full))).hasSize(fitting);
    }

    @Test
    void even_six_reports_of_random_worst_case_content_fit_one_sbd_message() {
        Random random = new Random(6);
        for (int run = 0; run < 200; run++) {
            List<Report> sent = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                sent.add(CompactFixtures.randomReport(
                        random, 1000L * run + i * 300L, NOW.minusSeconds(random.nextInt(1 << 30))));
            }
            assertThat(codec.encodeBatch(sent, KEY).length).isLessThanOrEqualTo(CompactProtocol.SBD_MO_MAX_BYTES);
        }
    }

    @Test
    void every_bit_flip_of_a_report_is_rejected_and_never_throws() {
        Random random = new Random(11);
        for (int run = 0; run < 5; run++) {
            byte[] message = codec.encodeReport(CompactFixtures.randomReport(random, run, NOW), KEY);
            assertEveryBitFlipRejected(message);
        }
    }

    @Test
    void every_bit_flip_of_a_batch_is_rejected_and_never_throws() {
        byte[] batch = codec.encodeBatch(CompactFixtures.track(new Random(12), 8, 77), KEY);
        assertEveryBitFlipRejected(batch);
    }

    @Test
    void every_bit_flip_of_an_ack_and_a_time_request_is_rejected() {
        assertEveryBitFlipRejected(codec.encodeAck(new Uplink.Ack(DEVICE, 5, NOW, 9, AckStatus.DONE), KEY));
        assertEveryBitFlipRejected(codec.encodeTimeRequest(new Uplink.TimeRequest(DEVICE, 6, NOW), KEY));
    }

    private void assertEveryBitFlipRejected(byte[] message) {
        for (int bit = 0; bit < message.length * 8; bit++) {
            byte[] altered = message.clone();
            altered[bit / 8] ^= (byte) (1 << (bit % 8));
            DeviceMessage result = decode(altered);
            assertThat(result).as("bit %d", bit).isInstanceOf(DeviceMessage.Rejected.class);
        }
    }

    @Test
    void every_truncation_and_every_extension_is_rejected() {
        byte[] report = codec.encodeReport(CompactFixtures.randomReport(new Random(3), 3, NOW), KEY);
        byte[] batch = codec.encodeBatch(CompactFixtures.track(new Random(4), 6, 10), KEY);
        for (byte[] message : List.of(report, batch)) {
            for (int length = 0; length < message.length; length++) {
                assertThat(decode(Arrays.copyOf(message, length))).isInstanceOf(DeviceMessage.Rejected.class);
            }
            assertThat(decode(Arrays.copyOf(message, message.length + 1))).isInstanceOf(DeviceMessage.Rejected.class);
        }
        assertThat(((DeviceMessage.Rejected) decode(Arrays.copyOf(report, 20))).reason())
                .isEqualTo(RejectReason.TRUNCATED);
    }

    @Test
    void random_bytes_never_throw_and_are_never_accepted() {
        Random random = new Random(99);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[random.nextInt(80)];
            random.nextBytes(bytes);
            if (bytes.length > 0 && random.nextBoolean()) {
                bytes[0] = (byte) (random.nextBoolean() ? CompactProtocol.REPORT : CompactProtocol.BATCH);
            }
            DeviceMessage result = decode(bytes);
            if (!(result instanceof DeviceMessage.Rejected)) {
                assertThat(result).isInstanceOf(DeviceMessage.Login.class);
            }
        }
    }

    @Test
    void a_report_signed_for_one_device_does_not_verify_as_another_even_with_the_same_key() {
        DeviceId other = DeviceId.of("ESEAL-0002");
        CompactCodec sameKeyEverywhere = new CompactCodec(id -> KEY);
        byte[] message = codec.encodeReport(CompactFixtures.randomReport(new Random(1), 1, NOW), KEY);
        assertThat(sameKeyEverywhere.decodeUplink(message, other, receivedAt, Channel.CELLULAR))
                .isEqualTo(new DeviceMessage.Rejected(
                        other, RejectReason.BAD_SIGNATURE, "tag does not match the key of device ESEAL-0002"));
    }

    @Test
    void a_message_without_a_named_device_or_key_is_refused_as_unknown() {
        byte[] message = codec.encodeReport(CompactFixtures.randomReport(new Random(1), 1, NOW), KEY);
        assertThat(((DeviceMessage.Rejected) codec.decodeUplink(message, null, receivedAt, Channel.CELLULAR)).reason())
                .isEqualTo(RejectReason.UNKNOWN_DEVICE);
        DeviceId stranger = DeviceId.of("NOBODY");
        assertThat(((DeviceMessage.Rejected) codec.decodeUplink(message, stranger, receivedAt, Channel.CELLULAR))
                        .reason())
                .isEqualTo(RejectReason.UNKNOWN_DEVICE);
    }

    @Test
    void the_inspecting_codec_reads_a_report_without_a_key_as_identified_only() {
        byte[] message = codec.encodeReport(CompactFixtures.randomReport(new Random(1), 1, NOW), KEY);
        DeviceMessage result =
                CompactCodec.inspecting(id -> null).decodeUplink(message, DEVICE, receivedAt, Channel.CELLULAR);
        assertThat(result).isInstanceOf(DeviceMessage.Reports.class);
        assertThat(((DeviceMessage.Reports) result).reports().getFirst().trust())
                .isEqualTo(TrustLevel.IDENTIFIED);
        byte[] altered = message.clone();
        altered[5] ^= 1;
        assertThat(CompactCodec.inspecting(CompactFixtures.keys())
                        .decodeUplink(altered, DEVICE, receivedAt, Channel.CELLULAR))
                .isInstanceOf(DeviceMessage.Rejected.class);
    }

    @Test
    void a_report_dated_beyond_the_clock_allowance_is_refused() {
        Report report = Report.builder(DEVICE, receivedAt.plus(Duration.ofMinutes(6)))
                .counter(1)
                .build();
        assertThat(((DeviceMessage.Rejected) decode(codec.encodeReport(report, KEY))).reason())
                .isEqualTo(RejectReason.FUTURE_DATED);
    }

    @Test
    void counters_of_a_replayed_batch_are_refused_by_the_replay_window_while_late_history_passes() {
        ReplayWindow window = new ReplayWindow();
        List<Report> track = CompactFixtures.track(new Random(5), 10, 2000);
        byte[] live = codec.encodeReport(track.getLast(), KEY);
        byte[] history = codec.encodeBatch(track.subList(0, 9), KEY);
        assertThat(admit(window, live)).containsOnly(true);
        assertThat(admit(window, history)).hasSize(9).containsOnly(true);
        assertThat(admit(window, history)).hasSize(9).containsOnly(false);
        assertThat(admit(window, live)).containsOnly(false);
    }

    private List<Boolean> admit(ReplayWindow window, byte[] message) {
        DeviceMessage.Reports accepted = (DeviceMessage.Reports) decode(message);
        return accepted.reports().stream().map(r -> window.accept(r.counter())).toList();
    }

    @Test
    void hello_names_the_device_and_nothing_else() {
        byte[] hello = codec.encodeHello(DEVICE);
        assertThat(codec.decodeUplink(hello, null, receivedAt, Channel.CELLULAR))
                .isEqualTo(new DeviceMessage.Login(DEVICE, null, "native protocol hello"));
        byte[] bad = hello.clone();
        bad[3] = '/';
        assertThat(codec.decodeUplink(bad, null, receivedAt, Channel.CELLULAR))
                .isInstanceOf(DeviceMessage.Rejected.class);
    }

    @Test
    void acks_and_time_requests_round_trip() {
        Uplink.Ack ack = new Uplink.Ack(DEVICE, 77, NOW, 12, AckStatus.REFUSED);
        Uplink.TimeRequest request = new Uplink.TimeRequest(DEVICE, 78, NOW);
        assertThat(decode(codec.encodeAck(ack, KEY)))
                .isEqualTo(new DeviceMessage.CommandOutcome(DEVICE, 77, NOW, 12, AckStatus.REFUSED, TrustLevel.SIGNED));
        assertThat(decode(codec.encodeTimeRequest(request, KEY)))
                .isEqualTo(new DeviceMessage.TimeRequest(DEVICE, 78, NOW, TrustLevel.SIGNED));
        assertThat(codec.encodeAck(ack, KEY)).hasSize(22);
        assertThat(codec.encodeTimeRequest(request, KEY)).hasSize(17);
    }

    @Test
    void commands_and_time_responses_round_trip_on_the_device_side() {
        byte[] newKey = NativeProtocol.newKey(new Random(8));
        List<Downlink> downlinks = List.of(
                new Downlink.Command(DEVICE, 1, NOW, Duration.ofMinutes(15), new Instruction.Unlock(4711)),
                new Downlink.Command(
                        DEVICE, 2, NOW, Duration.ofHours(24), new Instruction.SetReportInterval(Duration.ofMinutes(5))),
                new Downlink.Command(DEVICE, 3, NOW, Duration.ofMinutes(1), new Instruction.Ping()),
                new Downlink.Command(
                        DEVICE, 4, NOW, Duration.ofDays(7), new Instruction.RotateKey(KeyWrap.wrap(KEY, 4, newKey))),
                new Downlink.TimeResponse(DEVICE, 78, NOW.plusMillis(250)));
        for (Downlink downlink : downlinks) {
            byte[] message = downlink instanceof Downlink.Command c
                    ? codec.encodeCommand(c, KEY)
                    : codec.encodeTimeResponse((Downlink.TimeResponse) downlink, KEY);
            assertThat(CompactCodec.decodeDownlink(message, DEVICE, KEY))
                    .isEqualTo(new DownlinkResult.Accepted(downlink));
            for (int bit = 0; bit < message.length * 8; bit++) {
                byte[] altered = message.clone();
                altered[bit / 8] ^= (byte) (1 << (bit % 8));
                assertThat(CompactCodec.decodeDownlink(altered, DEVICE, KEY))
                        .isInstanceOf(DownlinkResult.Rejected.class);
            }
            assertThat(CompactCodec.decodeDownlink(message, DeviceId.of("ESEAL-0002"), KEY))
                    .isInstanceOf(DownlinkResult.Rejected.class);
        }
    }

    @Test
    void an_uplink_message_never_passes_as_a_downlink_one_and_back() {
        byte[] ack = codec.encodeAck(new Uplink.Ack(DEVICE, 5, NOW, 9, AckStatus.DONE), KEY);
        assertThat(CompactCodec.decodeDownlink(ack, DEVICE, KEY)).isInstanceOf(DownlinkResult.Rejected.class);
        byte[] command = codec.encodeCommand(
                new Downlink.Command(DEVICE, 1, NOW, Duration.ofMinutes(15), new Instruction.Ping()), KEY);
        assertThat(((DeviceMessage.Rejected) decode(command)).reason()).isEqualTo(RejectReason.UNSUPPORTED);
    }

    @Test
    void a_rotated_key_unwraps_only_with_the_old_key_and_the_right_counter() {
        byte[] newKey = NativeProtocol.newKey(new Random(9));
        byte[] wrapped = KeyWrap.wrap(KEY, 17, newKey);
        assertThat(wrapped).hasSize(KeyWrap.WRAPPED_BYTES);
        assertThat(KeyWrap.unwrap(KEY, 17, wrapped)).isEqualTo(newKey);
        assertThat(KeyWrap.unwrap(KEY, 18, wrapped)).isNull();
        assertThat(KeyWrap.unwrap(newKey, 17, wrapped)).isNull();
        byte[] altered = wrapped.clone();
        altered[0] ^= 1;
        assertThat(KeyWrap.unwrap(KEY, 17, altered)).isNull();
    }

    @Test
    void out_of_range_values_are_refused_by_the_encoder() {
        Report tooBig = Report.builder(DEVICE, NOW).counter(1L << 32).build();
        assertThatThrownBy(() -> codec.encodeReport(tooBig, KEY)).isInstanceOf(IllegalArgumentException.class);
        Report r1 = Report.builder(DEVICE, NOW).counter(5).build();
        Report r2 = Report.builder(DEVICE, NOW).counter(5).build();
        assertThatThrownBy(() -> codec.encodeBatch(List.of(r1, r2), KEY)).isInstanceOf(IllegalArgumentException.class);
    }
}
