package org.openects.codec.openects;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openects.codec.DeviceMessage;
import org.openects.codec.RejectReason;
import org.openects.domain.Alarm;
import org.openects.domain.Channel;
import org.openects.domain.DeviceId;
import org.openects.domain.DoorState;
import org.openects.domain.GeoPosition;
import org.openects.domain.LockState;
import org.openects.domain.Report;
import org.openects.domain.SealState;
import org.openects.domain.TrustLevel;

class NativeReportCodecTest {

    static final DeviceId DEVICE = DeviceId.of("ESEAL-0001");
    static final byte[] KEY =
            HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    static final Instant RECEIVED = Instant.parse("2025-01-15T08:30:02Z");

    /**
     * Built in the shell, independently of this codec:
     *
     * <pre>
     * H='{"alg":"HS256","kid":"ESEAL-0001","typ":"ects-report.v0"}'
     * P='{"dev":"ESEAL-0001","ctr":42,"t":"2025-01-15T08:30:00Z","lat":-4.0435,"lon":39.6682,"spd":57.5,"seal":"CLOSED","bat":87}'
     * b64u(){ basenc --base64url -w0 | tr -d '='; }
     * SI="$(printf %s "$H" | b64u).$(printf %s "$P" | b64u)"
     * printf %s "$SI" | openssl dgst -sha256 -mac HMAC -macopt hexkey:000102…1e1f -binary | b64u
     * </pre>
     *
     * (HMAC in hex: a06adc2887f600ecf82197e3d8e03a72da9c655e67b6dbe0f4e1e43df433bbb5.)
     */
    static final String KNOWN_MESSAGE = "eyJhbGciOiJIUzI1NiIsImtpZCI6IkVTRUFMLTAwMDEiLCJ0eXAiOiJlY3RzLXJlcG9ydC52MCJ9"
            + ".eyJkZXYiOiJFU0VBTC0wMDAxIiwiY3RyIjo0MiwidCI6IjIwMjUtMDEtMTVUMDg6MzA6MDBaIiwibGF0IjotNC4wNDM1LCJsb24iOj"
            + "M5LjY2ODIsInNwZCI6NTcuNSwic2VhbCI6IkNMT1NFRCIsImJhdCI6ODd9"
            + ".oGrcKIf2AOz4IZfj2OA6ctqcZV5nttvg9OHkPfQzu7U";

    final NativeReportCodec codec = new NativeReportCodec(id -> id.equals(DEVICE) ? KEY : null);

    static Report.Builder aReport() {
        return Report.builder(DEVICE, Instant.parse("2025-01-15T08:30:00Z"))
                .counter(42)
                .position(-4.0435, 39.6682)
                .speedKmh(57.5)
                .seal(SealState.CLOSED)
                .batteryPercent(87);
    }

    DeviceMessage decode(byte[] message) {
        return codec.decode(message, RECEIVED, Channel.CELLULAR);
    }

    DeviceMessage decode(String message) {
        return decode(message.getBytes(StandardCharsets.US_ASCII));
    }

    static Report accepted(DeviceMessage result) {
        assertThat(result).isInstanceOf(DeviceMessage.Reports.class);
        java.util.List<Report> reports = ((DeviceMessage.Reports) result).reports();
        assertThat(reports).hasSize(1);
        return reports.getFirst();
    }

    static DeviceMessage.Rejected rejected(DeviceMessage result, RejectReason reason) {
        assertThat(result).isInstanceOf(DeviceMessage.Rejected.class);
        DeviceMessage.Rejected rejected = (DeviceMessage.Rejected) result;
        assertThat(rejected.reason()).as(rejected.detail()).isEqualTo(reason);
        return rejected;
    }

    /** Signs arbitrary header and payload JSON with the test key, to build messages the encoder would never make. */
    static String signed(String header, String payload) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(KEY, "HmacSHA256"));
            return input + "." + b64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static final String HEADER = "{\"alg\":\"HS256\",\"kid\":\"ESEAL-0001\",\"typ\":\"ects-report.v0\"}";

    static String signedPayload(String payload) {
        return signed(HEADER, payload);
    }

    @Nested
    class KnownAnswer {

        @Test
        void a_message_signed_with_openssl_is_accepted_with_all_its_fields() {
            Report report = accepted(decode(KNOWN_MESSAGE));

            assertThat(report.deviceId()).isEqualTo(DEVICE);
            assertThat(report.counter()).isEqualTo(42);
            assertThat(report.deviceTime()).isEqualTo(Instant.parse("2025-01-15T08:30:00Z"));
            assertThat(report.receivedAt()).isEqualTo(RECEIVED);
            assertThat(report.position()).isEqualTo(GeoPosition.of(-4.0435, 39.6682));
            assertThat(report.validFix()).isTrue();
            assertThat(report.speedKmh()).isEqualTo(57.5);
            assertThat(report.seal()).isEqualTo(SealState.CLOSED);
            assertThat(report.batteryPercent()).isEqualTo(87);
            assertThat(report.history()).isFalse();
            assertThat(report.alarms()).isEmpty();
            assertThat(report.channel()).isEqualTo(Channel.CELLULAR);
            assertThat(report.trust()).isEqualTo(TrustLevel.SIGNED);
        }

        @Test
        void the_encoder_produces_exactly_the_openssl_message() {
            byte[] encoded = codec.encode(aReport().build(), KEY);

            assertThat(new String(encoded, StandardCharsets.US_ASCII)).isEqualTo(KNOWN_MESSAGE);
        }
    }

    @Nested
    class RoundTrips {

        @ParameterizedTest(name = "seed {0}")
        @ValueSource(longs = {1, 2, 3, 20250115, -7})
        void random_reports_decode_to_what_was_encoded(long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = 0; i < 300; i++) {
                Report original = randomReport(random);
                Channel channel = Channel.values()[random.nextInt(Channel.values().length)];

                DeviceMessage result = codec.decode(codec.encode(original, KEY), RECEIVED, channel);

                Report expected = original.toBuilder()
                        .receivedAt(RECEIVED)
                        .channel(channel)
                        .trust(TrustLevel.SIGNED)
                        .rawMessageId(0)
                        .build();
                assertThat(accepted(result)).isEqualTo(expected);
            }
        }

        static Report randomReport(SplittableRandom random) {
            Instant time = RECEIVED.minusMillis(random.nextLong(0, 30L * 24 * 3600 * 1000))
                    .plusNanos(random.nextBoolean() ? 0 : random.nextLong(1_000_000_000));
            Report.Builder report = Report.builder(DEVICE, time).counter(random.nextLong(0, Long.MAX_VALUE));
            if (random.nextInt(4) > 0) {
                report.position(
                        GeoPosition.of(random.nextDouble(-90, 90), random.nextDouble(-180, 180)),
                        random.nextInt(5) > 0);
            }
            if (random.nextBoolean()) {
                report.speedKmh(random.nextBoolean() ? random.nextInt(0, 140) : random.nextDouble(0, 140));
            }
            report.seal(SealState.values()[random.nextInt(SealState.values().length)]);
            report.lock(LockState.values()[random.nextInt(LockState.values().length)]);
            report.door(DoorState.values()[random.nextInt(DoorState.values().length)]);
            if (random.nextBoolean()) {
                report.batteryPercent(random.nextInt(0, 101));
            }
            report.history(random.nextInt(5) == 0);
            for (Alarm alarm : Alarm.values()) {
                if (random.nextInt(8) == 0) {
                    report.alarm(alarm);
                }
            }
            return report.build();
        }

        @Test
        void lock_and_door_are_read_when_present_and_unknown_when_absent() {
            Report unlocked = accepted(decode(signedPayload(
                    "{\"dev\":\"ESEAL-0001\",\"ctr\":7,\"t\":\"2025-01-15T08:30:00Z\",\"lock\":\"UNLOCKED\","
                            + "\"door\":\"OPEN\"}")));
            assertThat(unlocked.lock()).isEqualTo(LockState.UNLOCKED);
            assertThat(unlocked.door()).isEqualTo(DoorState.OPEN);

            Report known = accepted(decode(KNOWN_MESSAGE));
            assertThat(known.lock()).isEqualTo(LockState.UNKNOWN);
            assertThat(known.door()).isEqualTo(DoorState.UNKNOWN);

            rejected(
                    decode(signedPayload(
                            "{\"dev\":\"ESEAL-0001\",\"ctr\":7,\"t\":\"2025-01-15T08:30:00Z\",\"lock\":\"AJAR\"}")),
                    RejectReason.MALFORMED);
            rejected(
                    decode(signedPayload(
                            "{\"dev\":\"ESEAL-0001\",\"ctr\":7,\"t\":\"2025-01-15T08:30:00Z\",\"door\":1}")),
                    RejectReason.MALFORMED);
        }

        @Test
        void a_report_without_position_has_no_fix() {
            Report original = Report.builder(DEVICE, RECEIVED)
                    .counter(0)
                    .position(null, false)
                    .build();

            Report decoded = accepted(decode(codec.encode(original, KEY)));

            assertThat(decoded.position()).isNull();
            assertThat(decoded.validFix()).isFalse();
            assertThat(decoded.seal()).isEqualTo(SealState.UNKNOWN);
        }
    }

    @Nested
    class Defaults {

        @Test
        void a_minimal_payload_means_no_position_seal_unknown_and_live() {
            Report report = accepted(
                    decode(signedPayload("{\"dev\":\"ESEAL-0001\",\"ctr\":0,\"t\":\"2025-01-15T08:30:00Z\"}")));

            assertThat(report.position()).isNull();
            assertThat(report.seal()).isEqualTo(SealState.UNKNOWN);
            assertThat(report.history()).isFalse();
            assertThat(report.speedKmh()).isNull();
            assertThat(report.batteryPercent()).isNull();
        }

        @Test
        void unknown_fields_are_ignored_in_header_and_payload() {
            String message = signed(
                    "{\"alg\":\"HS256\",\"kid\":\"ESEAL-0001\",\"typ\":\"ects-report.v0\",\"x5\":{\"a\":[1]}}",
                    "{\"dev\":\"ESEAL-0001\",\"ctr\":7,\"t\":\"2025-01-15T08:30:00Z\",\"temp\":[21.5,{\"x\":1}],"
                            + "\"hist\":true,\"alarms\":[\"TAMPER\",\"SOS\"],\"lat\":0,\"lon\":0,\"fix\":false}");

            Report report = accepted(decode(message));

            assertThat(report.counter()).isEqualTo(7);
            assertThat(report.history()).isTrue();
            assertThat(report.alarms()).containsExactlyInAnyOrder(Alarm.TAMPER, Alarm.SOS);
            assertThat(report.position()).isEqualTo(GeoPosition.of(0, 0));
            assertThat(report.validFix()).isFalse();
        }

        @Test
        void optional_fields_may_be_null() {
            Report report =
                    accepted(decode(signedPayload("{\"dev\":\"ESEAL-0001\",\"ctr\":1,\"t\":\"2025-01-15T08:30:00Z\","
                            + "\"lat\":null,\"lon\":null,\"spd\":null,\"bat\":null,\"seal\":null,\"alarms\":null}")));

            assertThat(report.position()).isNull();
            assertThat(report.seal()).isEqualTo(SealState.UNKNOWN);
        }
    }

    @Nested
    class Rejections {

        @Test
        void a_message_over_4096_bytes_is_oversized_before_parsing() {
            byte[] huge = new byte[4097];
            java.util.Arrays.fill(huge, (byte) 'A');

            rejected(decode(huge), RejectReason.OVERSIZED);
        }

        @Test
        void a_message_of_exactly_4096_bytes_is_not_oversized() {
            byte[] big = new byte[4096];
            java.util.Arrays.fill(big, (byte) 'A');

            rejected(decode(big), RejectReason.MALFORMED);
        }

        @Test
        void an_unregistered_device_is_unknown_with_its_claimed_id() {
            String message = new String(codec.encode(aReport().build(), KEY), StandardCharsets.US_ASCII);
            NativeReportCodec noKeys = new NativeReportCodec(id -> null);

            DeviceMessage.Rejected rejection = rejected(
                    noKeys.decode(message.getBytes(StandardCharsets.US_ASCII), RECEIVED, Channel.CELLULAR),
                    RejectReason.UNKNOWN_DEVICE);

            assertThat(rejection.deviceId()).isEqualTo(DEVICE);
        }

        @Test
        void a_message_signed_with_another_key_has_a_bad_signature() {
            byte[] otherKey = KEY.clone();
            otherKey[0] ^= 1;

            DeviceMessage.Rejected rejection =
                    rejected(decode(codec.encode(aReport().build(), otherKey)), RejectReason.BAD_SIGNATURE);

            assertThat(rejection.deviceId()).isEqualTo(DEVICE);
            assertThat(rejection.detail()).doesNotContain(HexFormat.of().formatHex(KEY));
        }

        @Test
        void a_payload_swapped_in_from_another_message_has_a_bad_signature() {
            String[] first =
                    new String(codec.encode(aReport().counter(1).build(), KEY), StandardCharsets.US_ASCII).split("\\.");
            String[] second =
                    new String(codec.encode(aReport().counter(2).build(), KEY), StandardCharsets.US_ASCII).split("\\.");

            rejected(decode(first[0] + "." + second[1] + "." + first[2]), RejectReason.BAD_SIGNATURE);
        }

        @Test
        void coordinates_off_the_globe_are_impossible() {
            rejected(
                    decode(
                            signedPayload(
                                    "{\"dev\":\"ESEAL-0001\",\"ctr\":1,\"t\":\"2025-01-15T08:30:00Z\",\"lat\":91.0,\"lon\":36.8}")),
                    RejectReason.IMPOSSIBLE_COORDINATES);
            rejected(
                    decode(
                            signedPayload(
                                    "{\"dev\":\"ESEAL-0001\",\"ctr\":1,\"t\":\"2025-01-15T08:30:00Z\",\"lat\":-1.2,\"lon\":1e400}")),
                    RejectReason.IMPOSSIBLE_COORDINATES);
        }

        @Test
        void a_device_time_more_than_five_minutes_ahead_is_future_dated() {
            Report ahead = aReport().build();
            byte[] message = codec.encode(ahead, KEY);

            rejected(
                    codec.decode(
                            message,
                            ahead.deviceTime().minus(Duration.ofMinutes(5)).minusMillis(1),
                            Channel.CELLULAR),
                    RejectReason.FUTURE_DATED);
            accepted(codec.decode(message, ahead.deviceTime().minus(Duration.ofMinutes(5)), Channel.CELLULAR));
        }

        @Test
        void the_clock_skew_allowance_is_configurable() {
            NativeReportCodec strict = new NativeReportCodec(id -> KEY, Duration.ZERO);
            Report report = aReport().build();

            rejected(
                    strict.decode(codec.encode(report, KEY), report.deviceTime().minusMillis(1), Channel.SATELLITE),
                    RejectReason.FUTURE_DATED);
        }

        @Test
        void a_counter_seen_before_is_replayed_once_screened_by_the_window() {
            ReplayWindow window = new ReplayWindow();
            byte[] message = codec.encode(aReport().build(), KEY);

            accepted(window.admit(decode(message)));
            DeviceMessage.Rejected rejection = rejected(window.admit(decode(message)), RejectReason.REPLAYED_COUNTER);

            assertThat(rejection.deviceId()).isEqualTo(DEVICE);
        }

        @Test
        void the_window_passes_rejections_through_without_recording_anything() {
            ReplayWindow window = new ReplayWindow();

            rejected(window.admit(decode("x.y.z")), RejectReason.MALFORMED);

            assertThat(window.highest()).isEqualTo(-1);
        }

        static final Map<String, String> MALFORMED_MESSAGES = Map.ofEntries(
                Map.entry("empty", ""),
                Map.entry("one part", "abc"),
                Map.entry("two parts", "abc.def"),
                Map.entry("four parts", KNOWN_MESSAGE + ".AAAA"),
                Map.entry("padded header", KNOWN_MESSAGE.replaceFirst("\\.", "=.")),
                Map.entry("standard base64 character", "+" + KNOWN_MESSAGE.substring(1)),
                Map.entry("truncated signature", KNOWN_MESSAGE.substring(0, KNOWN_MESSAGE.length() - 1)),
                Map.entry("header not JSON", signed("not json", "{}")),
                Map.entry("header an array", signed("[1]", "{}")),
                Map.entry(
                        "alg none",
                        signed("{\"alg\":\"none\",\"kid\":\"ESEAL-0001\",\"typ\":\"ects-report.v0\"}", "{}")),
                Map.entry("alg missing", signed("{\"kid\":\"ESEAL-0001\",\"typ\":\"ects-report.v0\"}", "{}")),
                Map.entry("other typ", signed("{\"alg\":\"HS256\",\"kid\":\"ESEAL-0001\",\"typ\":\"JWT\"}", "{}")),
                Map.entry(
                        "crit header",
                        signed(
                                "{\"alg\":\"HS256\",\"kid\":\"ESEAL-0001\",\"typ\":\"ects-report.v0\",\"crit\":[\"x\"]}",
                                "{}")),
                Map.entry(
                        "kid not a device id",
                        signed("{\"alg\":\"HS256\",\"kid\":\"a b\",\"typ\":\"ects-report.v0\"}", "{}")),
                Map.entry("kid a number", signed("{\"alg\":\"HS256\",\"kid\":12,\"typ\":\"ects-report.v0\"}", "{}")),
                Map.entry("payload not JSON", signedPayload("{\"dev\":")),
                Map.entry(
                        "payload trailing garbage",
                        signedPayload("{\"dev\":\"ESEAL-0001\",\"ctr\":1,\"t\":\"2025-01-15T08:30:00Z\"} x")),
                Map.entry("dev missing", signedPayload("{\"ctr\":1,\"t\":\"2025-01-15T08:30:00Z\"}")),
                Map.entry("ctr missing", signedPayload("{\"dev\":\"ESEAL-0001\",\"t\":\"2025-01-15T08:30:00Z\"}")),
                Map.entry("t missing", signedPayload("{\"dev\":\"ESEAL-0001\",\"ctr\":1}")),
                Map.entry(
                        "dev differs from kid",
                        signedPayload("{\"dev\":\"ESEAL-0002\",\"ctr\":1,\"t\":\"2025-01-15T08:30:00Z\"}")),
                Map.entry(
                        "ctr negative",
                        signedPayload("{\"dev\":\"ESEAL-0001\",\"ctr\":-1,\"t\":\"2025-01-15T08:30:00Z\"}")),
                Map.entry(
                        "ctr fractional",
                        signedPayload("{\"dev\":\"ESEAL-0001\",\"ctr\":1.5,\"t\":\"2025-01-15T08:30:00Z\"}")),
                Map.entry(
                        "ctr a string",
                        signedPayload("{\"dev\":\"ESEAL-0001\",\"ctr\":\"1\",\"t\":\"2025-01-15T08:30:00Z\"}")),
                Map.entry(
                        "ctr beyond 64 bits",
                        signedPayload(
                                "{\"dev\":\"ESEAL-0001\",\"ctr\":99999999999999999999,\"t\":\"2025-01-15T08:30:00Z\"}")),
                Map.entry(
                        "ctr twice",
                        signedPayload("{\"dev\":\"ESEAL-0001\",\"ctr\":1,\"ctr\":2,\"t\":\"2025-01-15T08:30:00Z\"}")),
                Map.entry("t not a time", signedPayload("{\"dev\":\"ESEAL-0001\",\"ctr\":1,\"t\":\"yesterday\"}")),
                Map.entry(
                        "t with offset",
                        signedPayload("{\"dev\":\"ESEAL-0001\",\"ctr\":1,\"t\":\"2025-01-15T11:30:00+03:00\"}")),
                Map.entry(
                        "lat without lon",
                        signedPayload("{\"dev\":\"ESEAL-0001\",\"ctr\":1,\"t\":\"2025-01-15T08:30:00Z\",\"lat\":1}")),
                Map.entry(
                        "lat a string",
                        signedPayload(
                                "{\"dev\":\"ESEAL-0001\",\"ctr\":1,\"t\":\"2025-01-15T08:30:00Z\",\"lat\":\"1\",\"lon\":2}")),
                Map.entry(
                        "fix a number",
                        signedPayload("{\"dev\":\"ESEAL-0001\",\"ctr\":1,\"t\":\"2025-01-15T08:30:00Z\",\"fix\":1}")),
                Map.entry(
                        "spd negative",
                        signedPayload("{\"dev\":\"ESEAL-0001\",\"ctr\":1,\"t\":\"2025-01-15T08:30:00Z\",\"spd\":-3}")),
                Map.entry(
                        "seal unknown name",
                        signedPayload(
                                "{\"dev\":\"ESEAL-0001\",\"ctr\":1,\"t\":\"2025-01-15T08:30:00Z\",\"seal\":\"closed\"}")),
                Map.entry(
                        "bat over 100",
                        signedPayload("{\"dev\":\"ESEAL-0001\",\"ctr\":1,\"t\":\"2025-01-15T08:30:00Z\",\"bat\":101}")),
                Map.entry(
                        "bat fractional",
                        signedPayload(
                                "{\"dev\":\"ESEAL-0001\",\"ctr\":1,\"t\":\"2025-01-15T08:30:00Z\",\"bat\":50.5}")),
                Map.entry(
                        "hist a string",
                        signedPayload(
                                "{\"dev\":\"ESEAL-0001\",\"ctr\":1,\"t\":\"2025-01-15T08:30:00Z\",\"hist\":\"true\"}")),
                Map.entry(
                        "alarms not an array",
                        signedPayload(
                                "{\"dev\":\"ESEAL-0001\",\"ctr\":1,\"t\":\"2025-01-15T08:30:00Z\",\"alarms\":\"SOS\"}")),
                Map.entry(
                        "alarm unknown",
                        signedPayload(
                                "{\"dev\":\"ESEAL-0001\",\"ctr\":1,\"t\":\"2025-01-15T08:30:00Z\",\"alarms\":[\"SOS\",\"DRAGONS\"]}")));

        @Test
        void every_malformed_message_is_rejected_as_malformed_with_a_detail() {
            assertThat(MALFORMED_MESSAGES).allSatisfy((what, message) -> {
                DeviceMessage result = decode(message);
                assertThat(result).as(what).isInstanceOf(DeviceMessage.Rejected.class);
                DeviceMessage.Rejected rejection = (DeviceMessage.Rejected) result;
                assertThat(rejection.reason())
                        .as(what + ": " + rejection.detail())
                        .isEqualTo(RejectReason.MALFORMED);
                assertThat(rejection.detail()).as(what).isNotBlank();
            });
        }

        @Test
        void a_readable_kid_is_reported_as_the_claimed_device_of_a_malformed_payload() {
            DeviceMessage.Rejected rejection = rejected(
                    decode(signedPayload("{\"dev\":\"ESEAL-0002\",\"ctr\":1,\"t\":\"2025-01-15T08:30:00Z\"}")),
                    RejectReason.MALFORMED);

            assertThat(rejection.deviceId()).isEqualTo(DEVICE);
        }
    }

    @Nested
    class CorruptionProbes {

        final byte[] good = codec.encode(
                aReport().history(true).alarms(EnumSet.of(Alarm.TAMPER)).build(), KEY);

        @Test
        void the_unaltered_message_is_accepted() {
            accepted(decode(good));
        }

        @Test
        void flipping_any_bit_of_a_good_message_never_gets_it_accepted() {
            for (int i = 0; i < good.length; i++) {
                for (int bit = 0; bit < 8; bit++) {
                    byte[] altered = good.clone();
                    altered[i] ^= (byte) (1 << bit);

                    assertThat(decode(altered))
                            .as("bit %d of byte %d", bit, i)
                            .isInstanceOf(DeviceMessage.Rejected.class);
                }
            }
        }

        @Test
        void replacing_any_byte_with_any_other_value_never_gets_it_accepted() {
            for (int i = 0; i < good.length; i++) {
                for (int value = 0; value < 256; value++) {
                    if (value == (good[i] & 0xff)) {
                        continue;
                    }
                    byte[] altered = good.clone();
                    altered[i] = (byte) value;

                    assertThat(decode(altered)).as("byte %d = %d", i, value).isInstanceOf(DeviceMessage.Rejected.class);
                }
            }
        }

        @Test
        void every_truncation_and_every_extension_is_rejected() {
            for (int length = 0; length < good.length; length++) {
                assertThat(decode(java.util.Arrays.copyOf(good, length)))
                        .as("first %d bytes", length)
                        .isInstanceOf(DeviceMessage.Rejected.class);
            }
            for (byte extra : "A.=\0 ".getBytes(StandardCharsets.US_ASCII)) {
                byte[] longer = java.util.Arrays.copyOf(good, good.length + 1);
                longer[good.length] = extra;
                assertThat(decode(longer)).as("extra %s", (char) extra).isInstanceOf(DeviceMessage.Rejected.class);
            }
        }

        @Test
        void random_garbage_is_rejected_without_throwing() {
            SplittableRandom random = new SplittableRandom(99);
            for (int i = 0; i < 5_000; i++) {
                byte[] garbage = new byte[random.nextInt(0, 300)];
                random.nextBytes(garbage);
                if (random.nextBoolean() && garbage.length > 4) {
                    garbage[random.nextInt(garbage.length)] = '.';
                    garbage[random.nextInt(garbage.length)] = '.';
                }

                assertThat(decode(garbage)).isInstanceOf(DeviceMessage.Rejected.class);
            }
        }
    }
}
