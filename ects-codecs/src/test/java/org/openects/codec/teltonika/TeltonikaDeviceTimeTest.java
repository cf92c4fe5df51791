package org.openects.codec.teltonika;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openects.codec.teltonika.AvlPackets.IMEI;
import static org.openects.codec.teltonika.AvlPackets.captured;
import static org.openects.codec.teltonika.AvlPackets.handshake;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.openects.codec.DecodeContext;
import org.openects.codec.DeviceMessage;
import org.openects.codec.DeviceTimeWindow;
import org.openects.codec.FrameCodec.Decoded;
import org.openects.codec.RejectReason;
import org.openects.domain.Channel;
import org.openects.domain.DeviceId;

/**
 * A Teltonika AVL record carries its time as u64 milliseconds: any instant up to the year 292 million. The captured
 * conformance packet, its timestamp bytes patched and its CRC recomputed, is refused record by record with a reason,
 * never by an exception, and the packet's other records still decode.
 */
class TeltonikaDeviceTimeTest {

    /** Shortly after the captured record was taken (2018-03-05T00:07:46Z). */
    static final Instant RECEIVED = Instant.parse("2018-03-05T00:08:00Z");

    static final Instant CAPTURED_TIME = Instant.parse("2018-03-05T00:07:46Z");

    /** The captured packet's one record: after the 8-byte preamble and length, the codec id and the record count. */
    static byte[] capturedRecord() {
        byte[] packet = captured();
        return Arrays.copyOfRange(packet, 10, packet.length - 5);
    }

    static byte[] withTime(byte[] record, long millis) {
        byte[] patched = record.clone();
        ByteBuffer.wrap(patched).putLong(0, millis);
        return patched;
    }

    /** A Codec 8 packet of these records, with its length and CRC-16/ARC computed. */
    static byte[] packetOf(byte[]... records) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0x08);
        body.write(records.length);
        for (byte[] record : records) {
            body.writeBytes(record);
        }
        body.write(records.length);
        byte[] data = body.toByteArray();
        ByteBuffer packet = ByteBuffer.allocate(12 + data.length);
        packet.putInt(0).putInt(data.length).put(data).putInt(AvlPackets.crc16Arc(data));
        return packet.array();
    }

    final TeltonikaCodec codec = new TeltonikaCodec();

    Decoded identified(DecodeContext context, byte[] packet) {
        codec.decode(handshake(IMEI), context);
        return codec.decode(packet, context);
    }

    @Test
    void the_packet_builder_reproduces_the_capture_byte_for_byte() {
        assertThat(packetOf(capturedRecord())).isEqualTo(captured());
    }

    @Test
    void a_record_dated_in_the_year_292_million_is_refused_future_dated_and_the_next_record_of_the_packet_is_taken() {
        byte[] poison = withTime(capturedRecord(), Long.MAX_VALUE);
        DecodeContext context = new DecodeContext(RECEIVED, Channel.CELLULAR);

        Decoded decoded = identified(context, packetOf(poison, capturedRecord()));

        assertThat(decoded.messages()).hasSize(2);
        DeviceMessage.Reports reports =
                (DeviceMessage.Reports) decoded.messages().get(1);
        assertThat(reports.reports()).singleElement().satisfies(r -> {
            assertThat(r.deviceTime()).isEqualTo(CAPTURED_TIME);
            assertThat(r.deviceId()).isEqualTo(DeviceId.of(IMEI));
        });
        DeviceMessage.Rejected rejected =
                (DeviceMessage.Rejected) decoded.messages().get(0);
        assertThat(rejected.reason()).isEqualTo(RejectReason.FUTURE_DATED);
        assertThat(rejected.deviceId()).isEqualTo(DeviceId.of(IMEI));
        assertThat(rejected.detail()).contains("+292278994", "after receipt at 2018-03-05T00:08:00Z");
        assertThat(decoded.reply())
                .as("both records acknowledged: the refused one is recorded, and must not come again")
                .containsExactly(0, 0, 0, 2);
    }

    @Test
    void every_extreme_u64_time_is_a_recorded_rejection_never_an_exception() {
        for (long millis : new long[] {Long.MAX_VALUE, -1L, Long.MIN_VALUE, 0xFFFF_FFFF_FFFFL, 253_402_300_800_000L}) {
            // Even with the codecs' default window (anything a report can hold): the year 10000 and beyond, or
            // before 1970, cannot be a report.
            DecodeContext context = new DecodeContext(RECEIVED, Channel.CELLULAR);

            Decoded decoded = identified(context, packetOf(withTime(capturedRecord(), millis)));

            assertThat(decoded.messages())
                    .as("u64 time %x", millis)
                    .singleElement()
                    .satisfies(m -> {
                        assertThat(m).isInstanceOf(DeviceMessage.Rejected.class);
                        assertThat(((DeviceMessage.Rejected) m).reason())
                                .isIn(RejectReason.FUTURE_DATED, RejectReason.PAST_DATED);
                    });
            assertThat(decoded.reply()).containsExactly(0, 0, 0, 1);
        }
    }

    @Test
    void a_record_older_than_the_configured_window_is_refused_past_dated() {
        DecodeContext context = new DecodeContext(RECEIVED.plus(Duration.ofDays(400)), Channel.CELLULAR)
                .deviceTimes(new DeviceTimeWindow(Duration.ofDays(365), Duration.ofMinutes(5)));

        Decoded decoded = identified(context, captured());

        assertThat(decoded.messages()).singleElement().satisfies(m -> {
            DeviceMessage.Rejected rejected = (DeviceMessage.Rejected) m;
            assertThat(rejected.reason()).isEqualTo(RejectReason.PAST_DATED);
            assertThat(rejected.detail()).contains("2018-03-05T00:07:46Z", "PT8760H");
        });
    }

    @Test
    void a_record_a_minute_ahead_is_within_a_five_minute_skew_and_taken_and_ten_minutes_ahead_is_refused() {
        DeviceTimeWindow window = new DeviceTimeWindow(Duration.ofDays(365), Duration.ofMinutes(5));
        DecodeContext late = new DecodeContext(CAPTURED_TIME.minusSeconds(600), Channel.CELLULAR).deviceTimes(window);
        assertThat(identified(late, captured()).messages()).singleElement().satisfies(m -> assertThat(
                        ((DeviceMessage.Rejected) m).reason())
                .isEqualTo(RejectReason.FUTURE_DATED));

        DecodeContext context = new DecodeContext(CAPTURED_TIME.minusSeconds(60), Channel.CELLULAR).deviceTimes(window);

        Decoded decoded = identified(context, captured());

        assertThat(decoded.messages()).singleElement().isInstanceOf(DeviceMessage.Reports.class);
    }
}
