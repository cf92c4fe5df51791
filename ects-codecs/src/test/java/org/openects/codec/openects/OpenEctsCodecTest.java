package org.openects.codec.openects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openects.codec.openects.CompactFixtures.DEVICE;
import static org.openects.codec.openects.CompactFixtures.KEY;
import static org.openects.codec.openects.CompactFixtures.NOW;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.openects.codec.DecodeContext;
import org.openects.codec.DeviceMessage;
import org.openects.codec.FrameCodec;
import org.openects.codec.RejectReason;
import org.openects.domain.Channel;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;
import org.openects.domain.TrustLevel;

class OpenEctsCodecTest {

    private final OpenEctsCodec codec = new OpenEctsCodec(CompactFixtures.keys());
    private final CompactCodec compact = CompactCodec.signer();
    private final JsonMessageCodec json = new JsonMessageCodec(id -> null);

    private DecodeContext context() {
        return new DecodeContext(NOW.plusSeconds(5), Channel.CELLULAR);
    }

    @Test
    void is_named_openects() {
        assertThat(codec.name()).isEqualTo("openects");
    }

    @Test
    void takes_version_0_json_reports_unchanged() {
        Report report = CompactFixtures.track(new Random(1), 1, 42).getFirst();
        byte[] jws = NativeReportCodec.signer().encode(report, KEY);
        FrameCodec.Decoded decoded = codec.decode(jws, context());
        assertThat(decoded.messages()).singleElement().isInstanceOf(DeviceMessage.Reports.class);
        Report got = ((DeviceMessage.Reports) decoded.messages().getFirst())
                .reports()
                .getFirst();
        assertThat(got.trust()).isEqualTo(TrustLevel.SIGNED);
        assertThat(got.counter()).isEqualTo(42);
    }

    @Test
    void a_compact_report_needs_the_identity_of_its_transport() {
        byte[] message =
                compact.encodeReport(CompactFixtures.track(new Random(1), 1, 42).getFirst(), KEY);
        DecodeContext anonymous = context();
        assertThat(codec.decode(message, anonymous).messages().getFirst())
                .isInstanceOfSatisfying(DeviceMessage.Rejected.class, r -> assertThat(r.reason())
                        .isEqualTo(RejectReason.UNKNOWN_DEVICE));
        DecodeContext fromTopic = context();
        fromTopic.sessionDevice(DEVICE);
        assertThat(codec.decode(message, fromTopic).messages().getFirst()).isInstanceOf(DeviceMessage.Reports.class);
    }

    @Test
    void a_json_report_under_another_devices_topic_is_refused() {
        byte[] jws = NativeReportCodec.signer()
                .encode(CompactFixtures.track(new Random(1), 1, 42).getFirst(), KEY);
        DecodeContext other = context();
        other.sessionDevice(DeviceId.of("ESEAL-0009"));
        assertThat(codec.decode(jws, other).messages().getFirst()).isInstanceOf(DeviceMessage.Rejected.class);
    }

    @Test
    void json_acks_time_requests_commands_and_time_responses_round_trip() {
        Uplink.Ack ack = new Uplink.Ack(DEVICE, 90, NOW, 3, AckStatus.FAILED);
        Uplink.TimeRequest request = new Uplink.TimeRequest(DEVICE, 91, NOW);
        JsonMessageCodec verifying = new JsonMessageCodec(CompactFixtures.keys());
        assertThat(verifying.decodeUplink(json.encodeAck(ack, KEY), NOW))
                .isEqualTo(new DeviceMessage.CommandOutcome(DEVICE, 90, NOW, 3, AckStatus.FAILED, TrustLevel.SIGNED));
        assertThat(verifying.decodeUplink(json.encodeTimeRequest(request, KEY), NOW))
                .isEqualTo(new DeviceMessage.TimeRequest(DEVICE, 91, NOW, TrustLevel.SIGNED));
        List<Downlink> downlinks = List.of(
                new Downlink.Command(DEVICE, 1, NOW, Duration.ofMinutes(15), new Instruction.Unlock(4711)),
                new Downlink.Command(
                        DEVICE,
                        2,
                        NOW,
                        Duration.ofMinutes(60),
                        new Instruction.SetReportInterval(Duration.ofSeconds(30))),
                new Downlink.Command(DEVICE, 3, NOW, Duration.ofMinutes(5), new Instruction.Ping()),
                new Downlink.Command(
                        DEVICE,
                        4,
                        NOW,
                        Duration.ofMinutes(5),
                        new Instruction.RotateKey(KeyWrap.wrap(KEY, 4, NativeProtocol.newKey(new Random(2))))),
                new Downlink.TimeResponse(DEVICE, 91, NOW.plusMillis(125)));
        for (Downlink downlink : downlinks) {
            byte[] message = downlink instanceof Downlink.Command c
                    ? json.encodeCommand(c, KEY)
                    : json.encodeTimeResponse((Downlink.TimeResponse) downlink, KEY);
            assertThat(JsonMessageCodec.decodeDownlink(message, DEVICE, KEY))
                    .isEqualTo(new DownlinkResult.Accepted(downlink));
            byte[] altered = message.clone();
            altered[altered.length / 2] ^= 2;
            assertThat(JsonMessageCodec.decodeDownlink(altered, DEVICE, KEY))
                    .isInstanceOf(DownlinkResult.Rejected.class);
        }
    }

    @Test
    void an_ack_becomes_a_command_outcome_with_both_counters() {
        byte[] message = json.encodeAck(new Uplink.Ack(DEVICE, 90, NOW, 3, AckStatus.REFUSED), KEY);
        assertThat(codec.decode(message, context()).messages())
                .containsExactly(
                        new DeviceMessage.CommandOutcome(DEVICE, 90, NOW, 3, AckStatus.REFUSED, TrustLevel.SIGNED));
    }

    @Test
    void during_a_rotation_a_message_under_the_pending_key_is_accepted_and_proves_it_once() {
        byte[] pending = NativeProtocol.newKey(new Random(7));
        RotatingKeys keys = new RotatingKeys(KEY, pending);
        OpenEctsCodec rotating = new OpenEctsCodec(keys);
        DecodeContext topic = context();
        topic.sessionDevice(DEVICE);
        byte[] underOld = compact.encodeAck(new Uplink.Ack(DEVICE, 10, NOW, 4, AckStatus.DONE), KEY);
        byte[] underNew = compact.encodeAck(new Uplink.Ack(DEVICE, 11, NOW, 4, AckStatus.DONE), pending);
        byte[] underNeither = compact.encodeAck(
                new Uplink.Ack(DEVICE, 12, NOW, 4, AckStatus.DONE), NativeProtocol.newKey(new Random(8)));

        assertThat(rotating.decode(underOld, topic).messages().getFirst())
                .as("the current key still verifies while the rotation is open")
                .isInstanceOf(DeviceMessage.CommandOutcome.class);
        assertThat(keys.proven).isEmpty();
        assertThat(rotating.decode(underNeither, topic).messages().getFirst())
                .isInstanceOfSatisfying(DeviceMessage.Rejected.class, r -> assertThat(r.reason())
                        .isEqualTo(RejectReason.BAD_SIGNATURE));
        assertThat(rotating.decode(underNew, topic).messages().getFirst())
                .isInstanceOf(DeviceMessage.CommandOutcome.class);
        assertThat(keys.proven).containsExactly(DEVICE);
        assertThat(rotating.decode(underOld, topic).messages().getFirst())
                .as("once the pending key is proven, the old key is disabled")
                .isInstanceOfSatisfying(DeviceMessage.Rejected.class, r -> assertThat(r.reason())
                        .isEqualTo(RejectReason.BAD_SIGNATURE));
        byte[] jsonReport = NativeReportCodec.signer()
                .encode(CompactFixtures.track(new Random(1), 1, 13).getFirst(), pending);
        assertThat(rotating.decode(jsonReport, context()).messages().getFirst())
                .isInstanceOf(DeviceMessage.Reports.class);
    }

    @Test
    void a_time_request_under_the_pending_key_is_answered_under_that_key() {
        byte[] pending = NativeProtocol.newKey(new Random(9));
        OpenEctsCodec rotating = new OpenEctsCodec(new RotatingKeys(KEY, pending));
        byte[] request = json.encodeTimeRequest(new Uplink.TimeRequest(DEVICE, 20, NOW), pending);
        assertThat(JsonMessageCodec.decodeDownlink(
                        rotating.decode(request, context()).reply(), DEVICE, pending))
                .isEqualTo(new DownlinkResult.Accepted(new Downlink.TimeResponse(DEVICE, 20, NOW.plusSeconds(5))));
    }

    @Test
    void the_inspecting_codec_never_tries_a_pending_key() {
        byte[] pending = NativeProtocol.newKey(new Random(10));
        RotatingKeys keys = new RotatingKeys(KEY, pending);
        byte[] underNew = json.encodeAck(new Uplink.Ack(DEVICE, 11, NOW, 4, AckStatus.DONE), pending);
        assertThat(OpenEctsCodec.inspecting(keys)
                        .decode(underNew, context())
                        .messages()
                        .getFirst())
                .isInstanceOf(DeviceMessage.Rejected.class);
        assertThat(keys.proven).isEmpty();
    }

    /** One device's keys with an open rotation, switching when the pending key is proven. */
    private static final class RotatingKeys implements DeviceKeyLookup {
        byte[] current;
        byte @org.jspecify.annotations.Nullable [] pending;
        final List<DeviceId> proven = new ArrayList<>();

        RotatingKeys(byte[] current, byte[] pending) {
            this.current = current;
            this.pending = pending;
        }

        @Override
        public byte @org.jspecify.annotations.Nullable [] keyOf(DeviceId deviceId) {
            return deviceId.equals(DEVICE) ? current : null;
        }

        @Override
        public byte @org.jspecify.annotations.Nullable [] pendingKeyOf(DeviceId deviceId) {
            return deviceId.equals(DEVICE) ? pending : null;
        }

        @Override
        public void pendingKeyProven(DeviceId deviceId, byte[] key) {
            proven.add(deviceId);
            current = key;
            pending = null;
        }
    }

    @Test
    void a_verified_time_request_is_answered_with_a_signed_time_response_in_its_own_encoding() {
        DecodeContext context = context();
        context.sessionDevice(DEVICE);
        byte[] request = compact.encodeTimeRequest(new Uplink.TimeRequest(DEVICE, 7, NOW), KEY);
        FrameCodec.Decoded decoded = codec.decode(request, context);
        assertThat(decoded.messages())
                .containsExactly(new DeviceMessage.TimeRequest(DEVICE, 7, NOW, TrustLevel.SIGNED));
        assertThat(CompactCodec.decodeDownlink(decoded.reply(), DEVICE, KEY))
                .isEqualTo(new DownlinkResult.Accepted(new Downlink.TimeResponse(DEVICE, 7, NOW.plusSeconds(5))));
        byte[] jsonRequest = json.encodeTimeRequest(new Uplink.TimeRequest(DEVICE, 8, NOW), KEY);
        assertThat(JsonMessageCodec.decodeDownlink(
                        codec.decode(jsonRequest, context()).reply(), DEVICE, KEY))
                .isEqualTo(new DownlinkResult.Accepted(new Downlink.TimeResponse(DEVICE, 8, NOW.plusSeconds(5))));
    }

    @Test
    void the_inspecting_codec_reads_unkeyed_messages_of_both_encodings_as_identified() {
        OpenEctsCodec inspecting = OpenEctsCodec.inspecting(id -> null);
        Report report = CompactFixtures.track(new Random(1), 1, 42).getFirst();
        DecodeContext context = context();
        assertThat(inspecting
                        .decode(compact.encodeHello(DEVICE), context)
                        .messages()
                        .getFirst())
                .isInstanceOf(DeviceMessage.Login.class);
        for (byte[] message : List.of(
                compact.encodeReport(report, KEY), NativeReportCodec.signer().encode(report, KEY))) {
            DeviceMessage decoded =
                    inspecting.decode(message, context).messages().getFirst();
            assertThat(decoded).isInstanceOf(DeviceMessage.Reports.class);
            assertThat(((DeviceMessage.Reports) decoded).reports().getFirst().trust())
                    .isEqualTo(TrustLevel.IDENTIFIED);
        }
    }

    @Test
    void the_tcp_stream_is_cut_into_frames_whatever_the_reads() {
        List<byte[]> messages = new ArrayList<>();
        messages.add(compact.encodeHello(DEVICE));
        List<Report> track = CompactFixtures.track(new Random(3), 12, 500);
        for (Report r : track.subList(0, 6)) {
            messages.add(compact.encodeReport(r, KEY));
        }
        messages.add(compact.encodeBatch(track.subList(6, 12), KEY));
        messages.add(NativeReportCodec.signer()
                .encode(track.getLast().toBuilder().counter(600).build(), KEY));
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (byte[] m : messages) {
            stream.writeBytes(OpenEctsTcpProtocol.frame(m));
        }
        byte[] bytes = stream.toByteArray();
        Random random = new Random(4);
        for (int run = 0; run < 50; run++) {
            List<byte[]> frames = split(new OpenEctsTcpProtocol(codec), bytes, random);
            assertThat(frames).hasSize(messages.size());
            DecodeContext context = context();
            long reports = 0;
            for (byte[] frame : frames) {
                for (DeviceMessage m : codec.decode(frame, context).messages()) {
                    assertThat(m).isNotInstanceOf(DeviceMessage.Rejected.class);
                    if (m instanceof DeviceMessage.Reports r) {
                        reports += r.reports().size();
                    }
                }
            }
            assertThat(reports).isEqualTo(13);
        }
    }

    @Test
    void garbage_and_oversized_frames_on_tcp_are_passed_on_and_rejected_and_the_stream_resynchronises() {
        byte[] hello = OpenEctsTcpProtocol.frame(compact.encodeHello(DEVICE));
        byte[] report = OpenEctsTcpProtocol.frame(
                compact.encodeReport(CompactFixtures.track(new Random(1), 1, 1).getFirst(), KEY));
        byte[] oversized = new byte[2 + 5000];
        oversized[0] = (byte) (5000 >>> 8);
        oversized[1] = (byte) 5000;
        oversized[2] = (byte) 0xE1;
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(hello);
        stream.writeBytes("GET / HTTP/1.1\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        stream.writeBytes(oversized);
        stream.writeBytes(report);
        List<byte[]> frames = split(new OpenEctsTcpProtocol(codec), stream.toByteArray(), new Random(5));
        DecodeContext context = context();
        List<DeviceMessage> decoded = frames.stream()
                .flatMap(f -> codec.decode(f, context).messages().stream())
                .toList();
        assertThat(decoded.getFirst()).isInstanceOf(DeviceMessage.Login.class);
        assertThat(decoded.getLast()).isInstanceOf(DeviceMessage.Reports.class);
        assertThat(decoded.subList(1, decoded.size() - 1)).isNotEmpty().allSatisfy(m -> assertThat(m)
                .isInstanceOf(DeviceMessage.Rejected.class));
        assertThat(decoded).anySatisfy(m -> assertThat(m)
                .isInstanceOfSatisfying(DeviceMessage.Rejected.class, r -> assertThat(r.reason())
                        .isEqualTo(RejectReason.OVERSIZED)));
    }

    @Test
    void bytes_left_when_the_connection_closes_go_on_as_a_truncated_frame() {
        byte[] report = OpenEctsTcpProtocol.frame(
                compact.encodeReport(CompactFixtures.track(new Random(1), 1, 1).getFirst(), KEY));
        EmbeddedChannel channel = new EmbeddedChannel(new OpenEctsTcpProtocol(codec).newFrameDecoder());
        channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOf(report, 20)));
        channel.finish();
        byte[] frame = channel.readInbound();
        DecodeContext context = context();
        context.sessionDevice(DEVICE);
        assertThat(codec.decode(frame, context).messages().getFirst())
                .isInstanceOfSatisfying(DeviceMessage.Rejected.class, r -> assertThat(r.reason())
                        .isEqualTo(RejectReason.TRUNCATED));
    }

    @Test
    void a_prefixed_frame_from_a_capture_is_read_by_the_tcp_framing_rule_and_answered_prefixed() {
        DecodeContext context = context();
        assertThat(codec.decode(OpenEctsTcpProtocol.frame(compact.encodeHello(DEVICE)), context)
                        .messages())
                .containsExactly(new DeviceMessage.Login(DEVICE, null, "native protocol hello"));
        byte[] request =
                OpenEctsTcpProtocol.frame(compact.encodeTimeRequest(new Uplink.TimeRequest(DEVICE, 7, NOW), KEY));
        byte[] reply = codec.decode(request, context).reply();
        assertThat(reply).isNotNull();
        assertThat(CompactCodec.decodeDownlink(OpenEctsTcpProtocol.unframe(reply), DEVICE, KEY))
                .isEqualTo(new DownlinkResult.Accepted(new Downlink.TimeResponse(DEVICE, 7, NOW.plusSeconds(5))));

        byte[] oversized = new byte[2 + NativeProtocol.MAX_MESSAGE_BYTES];
        oversized[0] = (byte) 0x13;
        oversized[1] = (byte) 0x88; // 5000
        oversized[2] = (byte) CompactProtocol.REPORT;
        assertThat(reasonOf(Arrays.copyOf(request, request.length + 1))).isEqualTo(RejectReason.MALFORMED);
        assertThat(reasonOf(Arrays.copyOf(request, request.length - 1))).isEqualTo(RejectReason.TRUNCATED);
        assertThat(reasonOf(new byte[] {0x00, 0x11})).isEqualTo(RejectReason.TRUNCATED);
        assertThat(reasonOf(new byte[] {0x01})).isEqualTo(RejectReason.MALFORMED);
        assertThat(reasonOf(new byte[] {0x00, 0x00})).isEqualTo(RejectReason.MALFORMED);
        assertThat(reasonOf("GET / HTTP/1.1".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                .isEqualTo(RejectReason.MALFORMED);
        assertThat(reasonOf(oversized)).isEqualTo(RejectReason.OVERSIZED);
    }

    @Test
    void a_jws_is_routed_by_the_typ_of_its_one_parsed_header() {
        DecodeContext context = context();
        byte[] jsonAck = json.encodeAck(new Uplink.Ack(DEVICE, 90, NOW, 3, AckStatus.DONE), KEY);
        assertThat(codec.decode(jsonAck, context).messages().getFirst())
                .isInstanceOf(DeviceMessage.CommandOutcome.class);
        byte[] command = json.encodeCommand(
                new Downlink.Command(DEVICE, 1, NOW, Duration.ofMinutes(5), new Instruction.Ping()), KEY);
        assertThat(codec.decode(command, context).messages())
                .containsExactly(new DeviceMessage.Rejected(
                        DEVICE, RejectReason.UNSUPPORTED, "not an uplink typ: ects-command.v1"));
        String payload = "{\"dev\":\"ESEAL-0001\",\"ctr\":1,\"t\":\"2025-01-15T08:30:00Z\"}";
        String twice = "{\"alg\":\"HS256\",\"kid\":\"ESEAL-0001\",\"kid\":\"ESEAL-0002\",\"typ\":\"ects-report.v0\"}";
        assertThat(codec.decode(jws(twice, payload), context).messages())
                .containsExactly(
                        new DeviceMessage.Rejected(DEVICE, RejectReason.MALFORMED, "header kid appears twice"));
        String untyped = "{\"alg\":\"HS256\",\"kid\":\"ESEAL-0001\"}";
        assertThat(codec.decode(jws(untyped, payload), context).messages().getFirst())
                .isInstanceOfSatisfying(DeviceMessage.Rejected.class, r -> assertThat(r.reason())
                        .isEqualTo(RejectReason.MALFORMED));
        String reportHeader = "{\"typ\":\"ects-report.v0\",\"alg\":\"HS256\",\"kid\":\"ESEAL-0001\"}";
        assertThat(codec.decode(jws(reportHeader, payload), context).messages().getFirst())
                .as("a header in another order than the encoder's is read by the general path")
                .isInstanceOf(DeviceMessage.Reports.class);
    }

    /** A JWS of the given header and payload, signed with the test key. */
    private static byte[] jws(String header, String payload) {
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString(header.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(KEY, "HmacSHA256"));
            return (input + "."
                            + b64.encodeToString(
                                    mac.doFinal(input.getBytes(java.nio.charset.StandardCharsets.US_ASCII))))
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private RejectReason reasonOf(byte[] frame) {
        DecodeContext context = context();
        context.sessionDevice(DEVICE);
        DeviceMessage message = codec.decode(frame, context).messages().getFirst();
        assertThat(message).isInstanceOf(DeviceMessage.Rejected.class);
        return ((DeviceMessage.Rejected) message).reason();
    }

    /** Feeds {@code bytes} to a fresh frame decoder in random slices; returns the frames it passes on. */
    static List<byte[]> split(org.openects.codec.StreamProtocol protocol, byte[] bytes, Random random) {
        EmbeddedChannel channel = new EmbeddedChannel(protocol.newFrameDecoder());
        int at = 0;
        while (at < bytes.length) {
            int slice =
                    random.nextInt(3) == 0 ? bytes.length - at : 1 + random.nextInt(Math.min(40, bytes.length - at));
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, at, slice));
            at += slice;
        }
        channel.finish();
        List<byte[]> frames = new ArrayList<>();
        byte[] frame;
        while ((frame = channel.readInbound()) != null) {
            frames.add(frame);
        }
        return frames;
    }
}
