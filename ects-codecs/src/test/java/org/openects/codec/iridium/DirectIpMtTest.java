package org.openects.codec.iridium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.openects.codec.FuzzBudget;

class DirectIpMtTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String IMEI = "300434067548650";
    private static final byte[] PAYLOAD = {(byte) 0xEB, 1, 2, 3};
    private static final MtMessage MESSAGE = MtMessage.of(0x0102_0304L, IMEI, PAYLOAD);

    /** {@code 01 001C 44 0019 <id 4> <IMEI 15> <auto ID 4> <status 2>}. */
    private static byte[] confirmation(long clientId, String imei, long autoId, int status) {
        return DirectIpMt.encodeConfirmation(new MtConfirmation(clientId, imei, autoId, status));
    }

    private static String refusal(DirectIpMt.Result<?> result) {
        assertThat(result).isInstanceOf(DirectIpMt.Result.Refused.class);
        return ((DirectIpMt.Result.Refused<?>) result).reason();
    }

    private static MtConfirmation parsed(DirectIpMt.Result<MtConfirmation> result) {
        assertThat(result).isInstanceOf(DirectIpMt.Result.Parsed.class);
        return ((DirectIpMt.Result.Parsed<MtConfirmation>) result).value();
    }

    @Test
    void an_mt_message_is_revision_overall_length_header_then_payload_byte_for_byte() {
        byte[] encoded = DirectIpMt.encode(MESSAGE);

        assertThat(HEX.formatHex(encoded))
                .isEqualTo("01" + "001f" // revision 1, 31 bytes follow
                        + "41" + "0015" // MT header, 21 bytes
                        + "01020304" // unique client message id
                        + HEX.formatHex(IMEI.getBytes()) // 15 ASCII digits
                        + "0000" // disposition flags: a normal message
                        + "42" + "0004" // MT payload, 4 bytes
                        + "eb010203");
        assertThat(encoded).hasSize(34);
    }

    @Test
    void disposition_flags_are_written_and_a_message_may_go_without_payload() {
        MtMessage flush = new MtMessage(7, IMEI, DirectIpMt.FLAG_FLUSH_MT_QUEUE | DirectIpMt.FLAG_HIGH_PRIORITY, null);
        byte[] encoded = DirectIpMt.encode(flush);

        assertThat(HEX.formatHex(encoded))
                .isEqualTo("010018" + "410015" + "00000007" + HEX.formatHex(IMEI.getBytes()) + "0011");
        assertThat(DirectIpMt.parseMessage(encoded)).isEqualTo(new DirectIpMt.Result.Parsed<>(flush));
        assertThat(DirectIpMt.FLAG_SEND_RING_ALERT_NO_MTM).isEqualTo(0x0002);
        assertThat(DirectIpMt.FLAG_UPDATE_SSD_LOCATION).isEqualTo(0x0008);
        assertThat(DirectIpMt.FLAG_ASSIGN_MTMSN).isEqualTo(0x0020);
    }

    @Test
    void the_gateway_reads_back_what_was_encoded() {
        assertThat(DirectIpMt.parseMessage(DirectIpMt.encode(MESSAGE)))
                .isEqualTo(new DirectIpMt.Result.Parsed<>(MESSAGE));
        MtMessage largest = MtMessage.of(0xffff_ffffL, IMEI, new byte[DirectIpMt.MAX_PAYLOAD_BYTES]);
        assertThat(DirectIpMt.parseMessage(DirectIpMt.encode(largest)))
                .isEqualTo(new DirectIpMt.Result.Parsed<>(largest));
    }

    @Test
    void what_cannot_be_sent_is_refused_before_any_byte_goes_out() {
        assertThatThrownBy(() -> DirectIpMt.encode(MtMessage.of(1, IMEI, new byte[271])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("271 bytes")
                .hasMessageContaining("270");
        assertThatThrownBy(() -> DirectIpMt.encode(MtMessage.of(1, IMEI, new byte[0])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 bytes");
        assertThatThrownBy(() -> DirectIpMt.encode(MtMessage.of(1, "30043406754865", PAYLOAD)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("15 digits");
        assertThatThrownBy(() -> DirectIpMt.encode(MtMessage.of(1, "30043406754865X", PAYLOAD)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("15 digits");
        assertThatThrownBy(() -> DirectIpMt.encode(MtMessage.of(1L << 32, IMEI, PAYLOAD)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsigned 32-bit");
        assertThatThrownBy(() -> DirectIpMt.encode(new MtMessage(1, IMEI, 0x10000, PAYLOAD)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsigned 16-bit");
    }

    @Test
    void a_confirmation_is_31_bytes_and_round_trips_with_a_signed_status_and_unsigned_reference() {
        byte[] bytes = confirmation(0x0102_0304L, IMEI, 0xfedc_ba98L, -2);

        assertThat(HEX.formatHex(bytes))
                .isEqualTo("01001c" + "440019" + "01020304" + HEX.formatHex(IMEI.getBytes()) + "fedcba98" + "fffe");
        MtConfirmation c = parsed(DirectIpMt.parseConfirmation(bytes, MESSAGE));
        assertThat(c).isEqualTo(new MtConfirmation(0x0102_0304L, IMEI, 0xfedc_ba98L, -2));
        assertThat(c.accepted()).isFalse();
        assertThat(c.refusal()).contains(MtConfirmation.Status.UNKNOWN_IMEI);

        for (int status : new int[] {0, 1, 49, 32767, -1, -9, -10, -32768}) {
            MtConfirmation again = parsed(DirectIpMt.parseConfirmation(confirmation(5, IMEI, 0, status)));
            assertThat(again.status()).isEqualTo(status);
            assertThat(again.accepted()).isEqualTo(status >= 0);
        }
    }

    @Test
    void every_status_of_the_specification_is_named() {
        Map<Integer, String> expected = new LinkedHashMap<>();
        expected.put(-1, "INVALID_IMEI: invalid IMEI (too few characters, non-numeric)");
        expected.put(-2, "UNKNOWN_IMEI: unknown IMEI (not provisioned on the gateway)");
        expected.put(-3, "PAYLOAD_TOO_LARGE: payload size exceeded the maximum");
        expected.put(-4, "PAYLOAD_MISSING: payload expected but none received");
        expected.put(-5, "QUEUE_FULL: MT queue full (max 50)");
        expected.put(-6, "RESOURCES_UNAVAILABLE: MT resources unavailable");
        expected.put(-7, "PROTOCOL_VIOLATION: violation of the MT DirectIP protocol");
        expected.put(-8, "RING_ALERTS_DISABLED: ring alerts to the given IMEI are disabled");
        expected.put(-9, "NOT_ATTACHED: the IMEI is not attached (not set to receive ring alerts)");
        assertThat(MtConfirmation.Status.values()).hasSize(expected.size());
        expected.forEach((code, text) -> {
            assertThat(MtConfirmation.describe(code)).isEqualTo("status " + code + " " + text);
            assertThat(MtConfirmation.Status.of(code)).isPresent();
            assertThat(MtConfirmation.Status.of(code).orElseThrow().code()).isEqualTo(code);
        });
        assertThat(MtConfirmation.describe(0)).isEqualTo("queued at position 0 of the modem's MT queue");
        assertThat(MtConfirmation.describe(3)).isEqualTo("queued at position 3 of the modem's MT queue");
        assertThat(MtConfirmation.describe(-10))
                .isEqualTo("status -10, which the DirectIP specification does not name");
        assertThat(MtConfirmation.Status.of(-10)).isEmpty();
        assertThat(MtConfirmation.Status.of(0)).isEmpty();
    }

    @Test
    void a_confirmation_of_another_message_or_another_imei_is_refused() {
        assertThat(refusal(DirectIpMt.parseConfirmation(confirmation(0x0102_0305L, IMEI, 1, 0), MESSAGE)))
                .isEqualTo("confirmation of client message 16909061, expected 16909060");
        assertThat(refusal(DirectIpMt.parseConfirmation(confirmation(0x0102_0304L, "300434067548651", 1, 0), MESSAGE)))
                .isEqualTo("confirmation for IMEI 300434067548651, expected 300434067548650");
    }

    @Test
    void corrupted_confirmations_are_refused_with_the_precise_reason() {
        byte[] good = confirmation(0x0102_0304L, IMEI, 9, 0);

        assertThat(refusal(DirectIpMt.parseConfirmation(new byte[0], MESSAGE))).isEqualTo("empty confirmation");
        byte[] revision = good.clone();
        revision[0] = 2;
        assertThat(refusal(DirectIpMt.parseConfirmation(revision, MESSAGE)))
                .isEqualTo("confirmation with protocol revision 0x02, expected 0x01");
        assertThat(refusal(DirectIpMt.parseConfirmation(Arrays.copyOf(good, 2), MESSAGE)))
                .isEqualTo("confirmation of 2 bytes ends inside its overall length");
        assertThat(refusal(DirectIpMt.parseConfirmation(Arrays.copyOf(good, 20), MESSAGE)))
                .isEqualTo("confirmation truncated: overall length 28, only 17 bytes follow");
        assertThat(refusal(DirectIpMt.parseConfirmation(Arrays.copyOf(good, 32), MESSAGE)))
                .isEqualTo("confirmation longer than its overall length 28: 29 bytes follow");

        byte[] wrongIei = good.clone();
        wrongIei[3] = 0x45;
        assertThat(refusal(DirectIpMt.parseConfirmation(wrongIei, MESSAGE)))
                .isEqualTo("no MT confirmation element (0x44); elements: 0x45");

        byte[] shortElement = HEX.parseHex("01001b440018" + HEX.formatHex(good, 6, 30));
        assertThat(refusal(DirectIpMt.parseConfirmation(shortElement, MESSAGE)))
                .isEqualTo("MT confirmation element (0x44) of 24 bytes, expected 25");

        byte[] overrun = good.clone();
        overrun[5] = 26; // element announces 26 bytes where 25 are left
        assertThat(refusal(DirectIpMt.parseConfirmation(overrun, MESSAGE)))
                .isEqualTo("element 0x44 announces 26 bytes, only 25 left in the confirmation");

        byte[] shortOverall = Arrays.copyOf(good, good.length + 2);
        shortOverall[2] = 30; // 28 bytes of element, then a lone 2-byte stub
        assertThat(refusal(DirectIpMt.parseConfirmation(shortOverall, MESSAGE)))
                .isEqualTo("element header cut by the overall length 30 of the confirmation");

        byte[] twice = HEX.parseHex("010038" + HEX.formatHex(good, 3, 31) + HEX.formatHex(good, 3, 31));
        assertThat(refusal(DirectIpMt.parseConfirmation(twice, MESSAGE)))
                .isEqualTo("MT confirmation element (0x44) repeated");

        byte[] badImei = good.clone();
        badImei[10] = 'x';
        assertThat(refusal(DirectIpMt.parseConfirmation(badImei, MESSAGE)))
                .isEqualTo("IMEI in the confirmation is not 15 digits");

        assertThat(refusal(DirectIpMt.parseConfirmation(HEX.parseHex("010000"), MESSAGE)))
                .isEqualTo("confirmation without any element (overall length 0)");
        assertThat(refusal(DirectIpMt.parseConfirmation(DirectIpMt.encode(MESSAGE), MESSAGE)))
                .isEqualTo("no MT confirmation element (0x44); elements: 0x41, 0x42");
        assertThat(refusal(DirectIpMt.parseConfirmation(DirectIp.confirmation(true), MESSAGE)))
                .as("the mobile-originated confirmation is not an MT one")
                .isEqualTo("no MT confirmation element (0x44); elements: 0x05");
    }

    @Test
    void other_elements_around_the_confirmation_are_skipped() {
        byte[] good = confirmation(0x0102_0304L, IMEI, 9, 1);
        byte[] withExtra = HEX.parseHex("010020" + "460001ff" + HEX.formatHex(good, 3, 31));
        assertThat(parsed(DirectIpMt.parseConfirmation(withExtra, MESSAGE)).status())
                .isEqualTo(1);
    }

    @Test
    void corrupted_mt_messages_are_refused_with_the_precise_reason() {
        byte[] good = DirectIpMt.encode(MESSAGE);
        assertThat(refusal(DirectIpMt.parseMessage(Arrays.copyOf(good, 10))))
                .isEqualTo("MT message truncated: overall length 31, only 7 bytes follow");
        byte[] wrongIei = good.clone();
        wrongIei[3] = 0x01;
        assertThat(refusal(DirectIpMt.parseMessage(wrongIei)))
                .isEqualTo("no MT header element (0x41); elements: 0x01, 0x42");
        byte[] bigPayload = HEX.parseHex("01" + "012a" + HEX.formatHex(good, 3, 27) + "42010f" + "00".repeat(271));
        assertThat(refusal(DirectIpMt.parseMessage(bigPayload)))
                .isEqualTo("MT payload element (0x42) of 271 bytes, expected 1 to 270");
        byte[] revision = good.clone();
        revision[0] = 0;
        assertThat(refusal(DirectIpMt.parseMessage(revision)))
                .isEqualTo("MT message with protocol revision 0x00, expected 0x01");
    }

    @Test
    void every_truncation_and_seeded_mutation_is_parsed_or_refused_never_thrown() {
        byte[] good = confirmation(0x0102_0304L, IMEI, 9, 0);
        for (int length = 0; length < good.length; length++) {
            assertThat(DirectIpMt.parseConfirmation(Arrays.copyOf(good, length), MESSAGE))
                    .isInstanceOf(DirectIpMt.Result.Refused.class);
        }
        byte[] message = DirectIpMt.encode(MESSAGE);
        Random random = new Random(9603);
        for (int i = 0; i < FuzzBudget.mutations(20_000); i++) {
            byte[] frame = (random.nextBoolean() ? good : message).clone();
            for (int m = 1 + random.nextInt(4); m > 0 && frame.length > 0; m--) {
                switch (random.nextInt(3)) {
                    case 0 -> frame[random.nextInt(frame.length)] ^= (byte) (1 << random.nextInt(8));
                    case 1 -> frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
                    default -> frame = Arrays.copyOf(frame, random.nextInt(frame.length + 8));
                }
            }
            assertThat(DirectIpMt.parseConfirmation(frame, MESSAGE)).isNotNull();
            assertThat(DirectIpMt.parseMessage(frame)).isNotNull();
        }
    }
}
