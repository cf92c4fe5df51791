package org.openects.codec.iridium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.openects.codec.DecodeContext;
import org.openects.codec.DeviceMessage;
import org.openects.codec.FrameCodec;
import org.openects.codec.FuzzBudget;
import org.openects.codec.RejectReason;
import org.openects.codec.openects.CompactCodec;
import org.openects.codec.openects.Downlink;
import org.openects.codec.openects.DownlinkResult;
import org.openects.codec.openects.Uplink;
import org.openects.domain.Channel;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;
import org.openects.domain.SealState;
import org.openects.domain.TrustLevel;

class IridiumSbdCodecTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final Path CONFORMANCE = Path.of("/work/shared/conformance/iridium-sbd-frames.txt");
    private static final byte[] KEY = HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final String IMEI = "300434067548650";
    private static final DeviceId MODEM = DeviceId.of(IMEI);
    private static final Instant RECEIVED = Instant.parse("2025-01-15T08:30:05Z");

    private final IridiumSbdCodec codec = new IridiumSbdCodec(id -> MODEM.equals(id) ? KEY : null);

    private static List<byte[]> conformanceFrames() throws IOException {
        return Files.readAllLines(CONFORMANCE).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(HEX::parseHex)
                .toList();
    }

    private static DecodeContext context() {
        return new DecodeContext(RECEIVED, Channel.UNKNOWN);
    }

    @Test
    void is_named_iridium() {
        assertThat(codec.name()).isEqualTo("iridium");
    }

    @Test
    void conformance_frame_1_has_the_known_header_and_t622_fix() throws IOException {
        byte[] frame = conformanceFrames().get(0);
        DirectIpMessage message = ((DirectIp.Parsed.Message) DirectIp.parse(frame)).message();
        assertThat(message.header().imei()).isEqualTo(IMEI);
        assertThat(message.header().momsn()).isEqualTo(366);
        assertThat(message.header().sessionTime()).isEqualTo(Instant.parse("2023-07-18T02:10:31Z"));
        assertThat(message.location()).isNull();
        assertThat(IridiumSbdCodec.kindOf(message.payload())).isEqualTo("T622");

        FrameCodec.Decoded decoded = codec.decode(frame, context());
        assertThat(decoded.reply()).isEqualTo(HEX.parseHex("01000405000101"));
        assertThat(decoded.messages()).singleElement().isInstanceOf(DeviceMessage.Reports.class);
        Report fix = ((DeviceMessage.Reports) decoded.messages().getFirst())
                .reports()
                .getFirst();
        assertThat(fix.deviceId()).isEqualTo(MODEM);
        assertThat(fix.deviceTime()).isEqualTo(Instant.parse("2023-07-18T02:10:08Z"));
        assertThat(fix.position().latitude()).isCloseTo(-6.26732, within(5e-6));
        assertThat(fix.position().longitude()).isCloseTo(106.77200, within(5e-6));
        assertThat(fix.validFix()).isTrue();
        assertThat(fix.speedKmh()).isEqualTo(0.0);
        assertThat(fix.channel()).isEqualTo(Channel.SATELLITE);
        assertThat(fix.trust()).isEqualTo(TrustLevel.IDENTIFIED);
    }

    @Test
    void conformance_frame_2_location_is_reported_as_a_network_estimate_not_a_fix() throws IOException {
        byte[] frame = conformanceFrames().get(1);
        DirectIpMessage message = ((DirectIp.Parsed.Message) DirectIp.parse(frame)).message();
        assertThat(message.header().imei()).isEqualTo("300234069604590");
        assertThat(message.header().momsn()).isEqualTo(18);
        assertThat(message.location()).isNotNull();
        assertThat(message.location().latitude()).isCloseTo(-(33 + 43.256 / 60), within(1e-9));
        assertThat(message.location().longitude()).isCloseTo(-(70 + 43.941 / 60), within(1e-9));
        assertThat(message.location().cepRadiusKm()).isEqualTo(2);
        assertThat(message.payload()).hasSize(30);

        FrameCodec.Decoded decoded = codec.decode(frame, context());
        assertThat(decoded.reply()).isEqualTo(DirectIp.confirmation(true));
        assertThat(decoded.messages()).hasSize(2);
        Report estimate =
                ((DeviceMessage.Reports) decoded.messages().get(0)).reports().getFirst();
        assertThat(estimate.validFix()).isFalse();
        assertThat(estimate.position().latitude()).isCloseTo(-33.72093, within(1e-5));
        assertThat(estimate.deviceTime()).isEqualTo(message.header().sessionTime());
        assertThat(estimate.channel()).isEqualTo(Channel.SATELLITE);
        assertThat(((DeviceMessage.Health) decoded.messages().get(1)).detail())
                .contains("network estimate", "2 km (CEP)", "not a GNSS fix", "payload of 30 bytes in no known format");
    }

    @Test
    void a_signed_compact_batch_in_the_payload_is_verified_under_the_imei() {
        List<Report> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sent.add(Report.builder(MODEM, RECEIVED.minusSeconds(600 - 60L * i))
                    .counter(300 + i)
                    .position(-1.2921 + i * 0.001, 36.8219 + i * 0.001)
                    .seal(SealState.CLOSED)
                    .batteryPercent(80)
                    .history(true)
                    .build());
        }
        byte[] batch = CompactCodec.signer().encodeBatch(sent, KEY);
        assertThat(batch.length).isLessThanOrEqualTo(340);
        byte[] frame = DirectIp.encode(new DirectIpMessage(
                new DirectIpMessage.Header(7, IMEI, 0, 400, 0, RECEIVED),
                new DirectIpMessage.Location(-1.3, 36.8, 5),
                batch));
        FrameCodec.Decoded decoded = codec.decode(frame, context());
        assertThat(decoded.reply()).isEqualTo(DirectIp.confirmation(true));
        assertThat(decoded.messages()).hasSize(2);
        List<Report> got = ((DeviceMessage.Reports) decoded.messages().getFirst()).reports();
        assertThat(got).hasSize(10).allSatisfy(r -> {
            assertThat(r.trust()).isEqualTo(TrustLevel.SIGNED);
            assertThat(r.channel()).isEqualTo(Channel.SATELLITE);
        });
        assertThat(decoded.messages().get(1)).isInstanceOf(DeviceMessage.Health.class);

        byte[] otherModem = DirectIp.encode(new DirectIpMessage(
                new DirectIpMessage.Header(7, "300434067548651", 0, 400, 0, RECEIVED), null, batch));
        assertThat(codec.decode(otherModem, context()).messages().getFirst())
                .isInstanceOf(DeviceMessage.Rejected.class);
    }

    @Test
    void a_verified_time_request_is_confirmed_to_the_gateway_and_answered_as_a_device_reply() {
        byte[] request = CompactCodec.signer()
                .encodeTimeRequest(new Uplink.TimeRequest(MODEM, 77, RECEIVED.minusSeconds(3600)), KEY);
        byte[] frame = DirectIp.encode(
                new DirectIpMessage(new DirectIpMessage.Header(8, IMEI, 0, 401, 0, RECEIVED), null, request));

        FrameCodec.Decoded decoded = codec.decode(frame, context());

        assertThat(decoded.reply())
                .as("the gateway's connection gets its confirmation only")
                .isEqualTo(DirectIp.confirmation(true));
        assertThat(decoded.messages()).singleElement().isInstanceOf(DeviceMessage.TimeRequest.class);
        FrameCodec.DeviceReply answer = decoded.deviceReply();
        assertThat(answer).isNotNull();
        assertThat(answer.device()).isEqualTo(MODEM);
        DownlinkResult read = CompactCodec.decodeDownlink(answer.message(), MODEM, KEY);
        assertThat(read).isEqualTo(new DownlinkResult.Accepted(new Downlink.TimeResponse(MODEM, 77, RECEIVED)));

        byte[] forged =
                CompactCodec.signer().encodeTimeRequest(new Uplink.TimeRequest(MODEM, 78, RECEIVED), new byte[32]);
        FrameCodec.Decoded refused = codec.decode(
                DirectIp.encode(
                        new DirectIpMessage(new DirectIpMessage.Header(9, IMEI, 0, 402, 0, RECEIVED), null, forged)),
                context());
        assertThat(refused.messages().getFirst()).isInstanceOf(DeviceMessage.Rejected.class);
        assertThat(refused.deviceReply())
                .as("nothing answers a request that does not verify")
                .isNull();
        assertThat(refused.reply()).isEqualTo(DirectIp.confirmation(true));
    }

    @Test
    void the_confirmation_is_exactly_revision_length_and_element_with_status() {
        assertThat(DirectIp.confirmation(true)).containsExactly(0x01, 0x00, 0x04, 0x05, 0x00, 0x01, 0x01);
        assertThat(DirectIp.confirmation(false)).containsExactly(0x01, 0x00, 0x04, 0x05, 0x00, 0x01, 0x00);
    }

    @Test
    void parse_and_encode_agree_on_the_conformance_frames() throws IOException {
        for (byte[] frame : conformanceFrames()) {
            DirectIpMessage message = ((DirectIp.Parsed.Message) DirectIp.parse(frame)).message();
            assertThat(DirectIp.encode(message)).isEqualTo(frame);
        }
    }

    @Test
    void the_frame_decoder_cuts_split_and_coalesced_reads() throws IOException {
        List<byte[]> frames = conformanceFrames();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < 5; i++) {
            frames.forEach(stream::writeBytes);
        }
        Random random = new Random(1);
        for (int run = 0; run < 50; run++) {
            List<byte[]> cut = split(stream.toByteArray(), random);
            assertThat(cut).hasSize(10);
            for (int i = 0; i < cut.size(); i++) {
                assertThat(cut.get(i)).isEqualTo(frames.get(i % 2));
            }
        }
    }

    @Test
    void garbage_and_oversized_messages_are_passed_on_rejected_and_the_stream_resynchronises() throws IOException {
        byte[] good = conformanceFrames().get(0);
        byte[] oversized = new byte[3000];
        oversized[0] = 1;
        oversized[1] = (byte) (2997 >>> 8);
        oversized[2] = (byte) 2997;
        oversized[3] = 1;
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(new byte[] {'x', 'y', 0, 7});
        stream.writeBytes(good);
        stream.writeBytes(oversized);
        stream.writeBytes(good);
        List<byte[]> cut = split(stream.toByteArray(), new Random(2));
        List<DeviceMessage> first = new ArrayList<>();
        for (byte[] frame : cut) {
            first.add(codec.decode(frame, context()).messages().getFirst());
        }
        assertThat(first).hasSize(4);
        assertThat(((DeviceMessage.Rejected) first.get(0)).reason()).isEqualTo(RejectReason.MALFORMED);
        assertThat(first.get(1)).isInstanceOf(DeviceMessage.Reports.class);
        assertThat(((DeviceMessage.Rejected) first.get(2)).reason()).isEqualTo(RejectReason.OVERSIZED);
        assertThat(first.get(3)).isInstanceOf(DeviceMessage.Reports.class);
        assertThat(codec.decode(cut.get(0), context()).reply()).isNull();
    }

    @Test
    void every_truncation_of_a_conformance_frame_is_rejected_without_a_confirmation() throws IOException {
        for (byte[] frame : conformanceFrames()) {
            for (int length = 0; length < frame.length; length++) {
                FrameCodec.Decoded decoded = codec.decode(java.util.Arrays.copyOf(frame, length), context());
                assertThat(decoded.messages().getFirst()).isInstanceOf(DeviceMessage.Rejected.class);
                assertThat(decoded.reply()).isNull();
            }
        }
    }

    @Test
    void seeded_mutations_of_the_conformance_frames_never_throw() throws IOException {
        Random random = new Random(622);
        List<byte[]> frames = conformanceFrames();
        for (int i = 0; i < FuzzBudget.mutations(50_000); i++) {
            byte[] frame = frames.get(random.nextInt(frames.size())).clone();
            int mutations = 1 + random.nextInt(4);
            for (int m = 0; m < mutations && frame.length > 0; m++) {
                switch (random.nextInt(3)) {
                    case 0 -> frame[random.nextInt(frame.length)] ^= (byte) (1 << random.nextInt(8));
                    case 1 -> frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
                    default -> frame = java.util.Arrays.copyOf(frame, random.nextInt(frame.length + 8));
                }
            }
            FrameCodec.Decoded decoded = codec.decode(frame, context());
            assertThat(decoded.messages()).isNotEmpty();
            if (frame.length > 0) {
                split(frame, random);
            }
        }
    }

    private List<byte[]> split(byte[] bytes, Random random) {
        EmbeddedChannel channel = new EmbeddedChannel(new IridiumSbdProtocol(codec).newFrameDecoder());
        int at = 0;
        while (at < bytes.length) {
            int slice =
                    random.nextInt(3) == 0 ? bytes.length - at : 1 + random.nextInt(Math.min(30, bytes.length - at));
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
