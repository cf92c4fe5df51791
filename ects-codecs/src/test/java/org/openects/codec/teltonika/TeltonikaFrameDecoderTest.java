package org.openects.codec.teltonika;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openects.codec.teltonika.AvlPackets.IMEI;
import static org.openects.codec.teltonika.AvlPackets.captured;
import static org.openects.codec.teltonika.AvlPackets.handshake;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.openects.codec.DecodeContext;
import org.openects.codec.DeviceMessage;
import org.openects.codec.RejectReason;
import org.openects.codec.teltonika.AvlPackets.Io;
import org.openects.domain.Channel;

class TeltonikaFrameDecoderTest {

    static final TeltonikaProtocol PROTOCOL = new TeltonikaProtocol();

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static List<byte[]> frames(EmbeddedChannel channel) {
        List<byte[]> frames = new ArrayList<>();
        for (Object frame; (frame = channel.readInbound()) != null; ) {
            frames.add((byte[]) frame);
        }
        return frames;
    }

    static List<byte[]> split(byte[] stream, int... cuts) {
        EmbeddedChannel channel = new EmbeddedChannel(PROTOCOL.newFrameDecoder());
        int from = 0;
        for (int cut : cuts) {
            channel.writeInbound(Unpooled.wrappedBuffer(stream, from, cut - from));
            from = cut;
        }
        channel.writeInbound(Unpooled.wrappedBuffer(stream, from, stream.length - from));
        channel.finish();
        return frames(channel);
    }

    static List<DeviceMessage> decodeAll(List<byte[]> frames) {
        DecodeContext context = new DecodeContext(Instant.parse("2025-01-15T08:30:00Z"), Channel.CELLULAR);
        List<DeviceMessage> messages = new ArrayList<>();
        for (byte[] frame : frames) {
            messages.addAll(PROTOCOL.codec().decode(frame, context).messages());
        }
        return messages;
    }

    static byte[] extended() {
        return AvlPackets.packet(0x8E, List.of(TeltonikaCodecTest.aRecord(239, new Io(239, 1, 1), new Io(385, 5, 0))));
    }

    @Test
    void a_handshake_and_packets_in_one_read_come_out_as_separate_frames() {
        byte[] stream = concat(handshake(IMEI), captured(), extended(), captured());

        List<byte[]> frames = split(stream);

        assertThat(frames).containsExactly(handshake(IMEI), captured(), extended(), captured());
        assertThat(decodeAll(frames))
                .extracting(m -> m.getClass().getSimpleName())
                .containsExactly("Login", "Reports", "Reports", "Reports");
    }

    @Test
    void a_stream_split_at_any_position_gives_the_same_frames() {
        byte[] stream = concat(handshake(IMEI), captured(), extended());
        for (int cut = 1; cut < stream.length; cut++) {
            assertThat(split(stream, cut))
                    .as("split at %d", cut)
                    .containsExactly(handshake(IMEI), captured(), extended());
        }
    }

    @Test
    void a_stream_fed_one_byte_at_a_time_gives_the_same_frames() {
        byte[] stream = concat(handshake(IMEI), captured(), extended());
        int[] cuts = new int[stream.length - 1];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i + 1;
        }

        assertThat(split(stream, cuts)).containsExactly(handshake(IMEI), captured(), extended());
    }

    @Test
    void garbage_between_frames_is_passed_on_as_its_own_frame_and_rejected() {
        byte[] garbage = "GET / HTTP/1.1\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        List<byte[]> frames = split(concat(handshake(IMEI), garbage, captured()));

        assertThat(frames).containsExactly(handshake(IMEI), garbage, captured());
        List<DeviceMessage> messages = decodeAll(frames);
        assertThat(messages.get(1)).isInstanceOf(DeviceMessage.Rejected.class);
        assertThat(messages.get(2)).isInstanceOf(DeviceMessage.Reports.class);
    }

    @Test
    void a_packet_whose_length_reaches_the_limit_is_passed_on_cut_and_the_next_frame_is_intact() {
        byte[] huge = new byte[PROTOCOL.maxFrameBytes() + 500];
        huge[4] = 0x7F; // data length far beyond the limit
        for (int i = 8; i < huge.length; i++) {
            huge[i] = (byte) 0xAA;
        }

        List<byte[]> frames = split(concat(huge, captured()));

        assertThat(frames).hasSize(3);
        assertThat(frames.get(0)).hasSize(PROTOCOL.maxFrameBytes());
        assertThat(concat(frames.get(0), frames.get(1))).isEqualTo(huge);
        assertThat(frames.get(2)).isEqualTo(captured());
        List<DeviceMessage> messages = decodeAll(frames);
        assertThat(((DeviceMessage.Rejected) messages.get(0)).reason()).isEqualTo(RejectReason.OVERSIZED);
        assertThat(messages.get(1)).isInstanceOf(DeviceMessage.Rejected.class);
    }

    @Test
    void a_packet_cut_by_the_connection_closing_is_passed_on_and_rejected_as_truncated() {
        byte[] cut = java.util.Arrays.copyOf(captured(), 40);

        List<byte[]> frames = split(concat(handshake(IMEI), cut));

        assertThat(frames).containsExactly(handshake(IMEI), cut);
        assertThat(((DeviceMessage.Rejected) decodeAll(frames).get(1)).reason()).isEqualTo(RejectReason.TRUNCATED);
    }

    @Test
    void the_frame_splitter_passes_on_every_byte_of_random_input() {
        SplittableRandom random = new SplittableRandom(9);
        for (int round = 0; round < 300; round++) {
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            while (stream.size() < random.nextInt(6000)) {
                switch (random.nextInt(4)) {
                    case 0 -> stream.writeBytes(captured());
                    case 1 -> stream.writeBytes(handshake(IMEI));
                    case 2 -> stream.write(random.nextInt(3) == 0 ? 0 : random.nextInt(256));
                    default -> {
                        byte[] frame = captured();
                        stream.write(frame, 0, random.nextInt(frame.length));
                    }
                }
            }
            byte[] bytes = stream.toByteArray();
            EmbeddedChannel channel = new EmbeddedChannel(PROTOCOL.newFrameDecoder());
            int at = 0;
            while (at < bytes.length) {
                int chunk = Math.min(bytes.length - at, 1 + random.nextInt(700));
                channel.writeInbound(Unpooled.wrappedBuffer(bytes, at, chunk));
                at += chunk;
            }
            channel.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] frame : frames(channel)) {
                assertThat(frame.length).isBetween(1, PROTOCOL.maxFrameBytes());
                out.writeBytes(frame);
            }
            assertThat(out.toByteArray()).isEqualTo(bytes);
        }
    }
}
