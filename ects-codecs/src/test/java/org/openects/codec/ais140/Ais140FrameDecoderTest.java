package org.openects.codec.ais140;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openects.codec.DecodeContext;
import org.openects.codec.DeviceMessage;
import org.openects.codec.RejectReason;
import org.openects.domain.Channel;

class Ais140FrameDecoderTest {

    static final Ais140Protocol PROTOCOL = new Ais140Protocol();
    static final String TRACKING = Ais140CodecTest.frame(11); // ends with *7B
    static final String EMERGENCY = Ais140CodecTest.frame(13); // ends with *226F7BD1
    static final String NO_STAR = Ais140CodecTest.frame(16); // ends with a CRC-32 field, no '*'

    final EmbeddedChannel channel = new EmbeddedChannel(PROTOCOL.newFrameDecoder());

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    void write(String... chunks) {
        for (String chunk : chunks) {
            channel.writeInbound(Unpooled.wrappedBuffer(ascii(chunk)));
        }
    }

    List<String> frames() {
        List<String> frames = new ArrayList<>();
        for (Object frame; (frame = channel.readInbound()) != null; ) {
            frames.add(new String((byte[]) frame, StandardCharsets.ISO_8859_1));
        }
        return frames;
    }

    static List<DeviceMessage> decodeAll(List<String> frames) {
        DecodeContext context = new DecodeContext(Instant.parse("2025-01-15T08:30:00Z"), Channel.CELLULAR);
        List<DeviceMessage> messages = new ArrayList<>();
        for (String frame : frames) {
            messages.addAll(PROTOCOL.codec().decode(ascii(frame), context).messages());
        }
        return messages;
    }

    @Test
    void every_captured_frame_sent_in_one_read_with_cr_lf_comes_out_as_its_own_frame() {
        write(String.join("\r\n", Ais140CodecTest.FRAMES) + "\r\n");

        assertThat(frames()).containsExactlyElementsOf(Ais140CodecTest.FRAMES);
    }

    @ParameterizedTest(name = "line end {0}")
    @ValueSource(strings = {"\r\n", "\n", "\r", "\n\r", "\r\n\r\n"})
    void any_line_end_separates_frames(String lineEnd) {
        String escaped = lineEnd.translateEscapes();
        write(TRACKING + escaped + NO_STAR + escaped + EMERGENCY + escaped);

        assertThat(frames()).containsExactly(TRACKING, NO_STAR, EMERGENCY);
    }

    @Test
    void frames_sent_back_to_back_without_line_ends_are_cut_at_each_start_marker() {
        write(NO_STAR + TRACKING + NO_STAR);

        assertThat(frames()).containsExactly(NO_STAR, TRACKING);
    }

    @Test
    void a_frame_ended_by_a_star_and_its_checksum_is_passed_on_without_waiting_for_a_line_end() {
        write(TRACKING);
        write(EMERGENCY);

        assertThat(frames()).containsExactly(TRACKING, EMERGENCY);
    }

    @Test
    void a_frame_without_a_star_waits_for_its_line_end() {
        write(NO_STAR);
        assertThat(frames()).isEmpty();

        write("\r\n");
        assertThat(frames()).containsExactly(NO_STAR);
    }

    @Test
    void a_frame_without_a_line_end_is_passed_on_when_the_connection_closes() {
        write(NO_STAR);

        channel.finish();

        assertThat(frames()).containsExactly(NO_STAR);
    }

    @Test
    void a_frame_split_at_any_position_is_reassembled_without_losing_a_byte() {
        String stream = TRACKING + "\r\n" + EMERGENCY + "\r\n" + NO_STAR + "\r\n";
        List<DeviceMessage> whole = decodeAll(List.of(TRACKING, EMERGENCY, NO_STAR));
        for (int split = 1; split < stream.length(); split++) {
            EmbeddedChannel split2 = new EmbeddedChannel(PROTOCOL.newFrameDecoder());
            split2.writeInbound(Unpooled.wrappedBuffer(ascii(stream.substring(0, split))));
            split2.writeInbound(Unpooled.wrappedBuffer(ascii(stream.substring(split))));
            split2.finish();
            List<String> frames = new ArrayList<>();
            for (Object frame; (frame = split2.readInbound()) != null; ) {
                frames.add(new String((byte[]) frame, StandardCharsets.ISO_8859_1));
            }

            assertThat(String.join("", frames)).as("split at %d", split).isEqualTo(stream.replace("\r\n", ""));
            assertThat(decodeAll(frames).stream()
                            .filter(m -> !(m instanceof DeviceMessage.Rejected))
                            .toList())
                    .as("split at %d", split)
                    .isEqualTo(whole);
        }
    }

    @Test
    void a_stream_fed_one_byte_at_a_time_gives_the_same_frames() {
        String stream = String.join("\r\n", Ais140CodecTest.FRAMES) + "\r\n";
        for (byte b : ascii(stream)) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }

        List<String> frames = frames();

        assertThat(String.join("", frames)).isEqualTo(stream.replace("\r\n", ""));
        assertThat(decodeAll(frames).stream()
                        .filter(m -> !(m instanceof DeviceMessage.Rejected))
                        .toList())
                .isEqualTo(decodeAll(Ais140CodecTest.FRAMES));
    }

    @Test
    void garbage_between_frames_is_passed_on_as_its_own_frame_and_rejected() {
        write(TRACKING + "\r\nGET / HTTP/1.1\r\n" + NO_STAR + "\r\n");

        List<String> frames = frames();

        assertThat(frames).containsExactly(TRACKING, "GET / HTTP/1.1", NO_STAR);
        assertThat(decodeAll(frames).get(1))
                .isInstanceOfSatisfying(DeviceMessage.Rejected.class, rejected -> assertThat(rejected.reason())
                        .isEqualTo(RejectReason.MALFORMED));
    }

    @Test
    void trailing_text_after_the_star_stays_with_its_frame() {
        String ctpl = Ais140CodecTest.frame(2); // ends with "*,IP=106.67.5.173"
        write(ctpl + "\r\n");

        assertThat(frames()).containsExactly(ctpl);
    }

    @Test
    void an_oversized_frame_is_passed_on_cut_and_rejected_and_the_next_frame_is_intact() {
        String huge = "$" + "A".repeat(PROTOCOL.maxFrameBytes() + 100);
        write(huge + "\r\n" + TRACKING + "\r\n");

        List<String> frames = frames();

        assertThat(frames).hasSize(3);
        assertThat(frames.get(0)).hasSize(PROTOCOL.maxFrameBytes());
        assertThat(frames.get(0) + frames.get(1)).isEqualTo(huge);
        assertThat(frames.get(2)).isEqualTo(TRACKING);
        List<DeviceMessage> messages = decodeAll(frames);
        assertThat(((DeviceMessage.Rejected) messages.get(0)).reason()).isEqualTo(RejectReason.OVERSIZED);
        assertThat(((DeviceMessage.Rejected) messages.get(1)).reason()).isEqualTo(RejectReason.MALFORMED);
        assertThat(messages.get(2)).isInstanceOf(DeviceMessage.Reports.class);
    }

    @Test
    void the_frame_splitter_emits_every_byte_except_line_ends_for_random_input() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int round = 0; round < 200; round++) {
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            int length = random.nextInt(4000);
            for (int i = 0; i < length; i++) {
                stream.write(random.nextInt(8) == 0 ? "$*\r\n".charAt(random.nextInt(4)) : random.nextInt(256));
            }
            byte[] bytes = stream.toByteArray();
            EmbeddedChannel random1 = new EmbeddedChannel(PROTOCOL.newFrameDecoder());
            int at = 0;
            while (at < bytes.length) {
                int chunk = Math.min(bytes.length - at, 1 + random.nextInt(600));
                random1.writeInbound(Unpooled.wrappedBuffer(bytes, at, chunk));
                at += chunk;
            }
            random1.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (Object frame; (frame = random1.readInbound()) != null; ) {
                byte[] f = (byte[]) frame;
                assertThat(f.length).isBetween(1, PROTOCOL.maxFrameBytes());
                out.writeBytes(f);
            }
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            for (byte b : bytes) {
                if (b != '\r' && b != '\n') {
                    expected.write(b);
                }
            }
            assertThat(out.toByteArray()).isEqualTo(expected.toByteArray());
        }
    }
}
