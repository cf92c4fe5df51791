package org.openects.codec.jointech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.openects.codec.DecodeContext;
import org.openects.codec.DeviceMessage;
import org.openects.codec.FrameCodec.Decoded;
import org.openects.codec.RejectReason;
import org.openects.domain.Alarm;
import org.openects.domain.Channel;
import org.openects.domain.DeviceId;
import org.openects.domain.DoorState;
import org.openects.domain.LockState;
import org.openects.domain.Report;
import org.openects.domain.SealState;
import org.openects.domain.TrustLevel;
import org.openects.domain.UnlockEvent;
import org.openects.domain.UnlockMethod;

class JointechCodecTest {

    static final Instant RECEIVED = Instant.parse("2025-01-15T08:30:00Z");
    static final String W01_README =
            "(3110312099,W01,11404.6204,E,2232.9961,N,A,040511,063736,4,7,100,4,17,1,1,company)";

    final JointechCodec codec = new JointechCodec();

    static DecodeContext context() {
        return new DecodeContext(RECEIVED, Channel.CELLULAR);
    }

    Decoded decode(String line) {
        return codec.decode(Captures.bytes(line), context());
    }

    static Report onlyReport(Decoded decoded) {
        assertThat(decoded.messages()).singleElement().isInstanceOf(DeviceMessage.Reports.class);
        List<Report> reports = ((DeviceMessage.Reports) decoded.messages().getFirst()).reports();
        assertThat(reports).hasSize(1);
        Report report = reports.getFirst();
        assertThat(report.trust()).isEqualTo(TrustLevel.IDENTIFIED);
        assertThat(report.receivedAt()).isEqualTo(RECEIVED);
        assertThat(report.channel()).isEqualTo(Channel.CELLULAR);
        return report;
    }

    static String text(byte[] reply) {
        return new String(reply, StandardCharsets.US_ASCII);
    }

    /** What each captured frame is known or read to carry; every frame of the file must have an entry. */
    static Map<String, Consumer<Decoded>> expectations() {
        Map<String, Consumer<Decoded>> e = new LinkedHashMap<>();
        e.put("(8000632862,P45,", d -> {
            Report r = onlyReport(d);
            assertThat(r.deviceId()).isEqualTo(DeviceId.of("8000632862"));
            assertThat(r.deviceTime()).isEqualTo(Instant.parse("2022-03-29T13:24:12Z"));
            assertThat(r.position().latitude()).isEqualTo(-25.28217);
            assertThat(r.position().longitude()).isEqualTo(-57.54683);
            assertThat(r.validFix()).isTrue();
            assertThat(r.unlock()).isEqualTo(new UnlockEvent(UnlockMethod.UNKNOWN, false, null, 0));
            assertThat(r.lock()).isEqualTo(LockState.UNKNOWN);
            assertThat(text(d.reply())).isEqualTo("(P69,0,9)");
        });
        e.put("(2050018634,P45,", d -> {
            Report r = onlyReport(d);
            assertThat(r.deviceTime()).isEqualTo(Instant.parse("2024-11-05T20:40:46Z"));
            assertThat(r.position().latitude()).isEqualTo(9.861502);
            assertThat(r.position().longitude()).isEqualTo(-83.950336);
            assertThat(r.unlock()).isEqualTo(new UnlockEvent(UnlockMethod.RFID_CARD, true, "0012260888", 1));
            assertThat(r.lock()).isEqualTo(LockState.UNLOCKED);
            assertThat(text(d.reply())).isEqualTo("(P69,0,0)");
        });
        e.put("2480413009781914", d -> {
            Report r = onlyReport(d);
            assertThat(r.deviceId()).isEqualTo(DeviceId.of("8041300978"));
            assertThat(r.deviceTime()).isEqualTo(Instant.parse("2021-10-06T07:54:43Z"));
            assertThat(r.position().latitude()).isCloseTo(54.322718, within(1e-6));
            assertThat(r.position().longitude()).isCloseTo(-6.355705, within(1e-6));
            assertThat(r.lock()).isEqualTo(LockState.LOCKED);
            assertThat(r.seal()).isEqualTo(SealState.CLOSED);
            assertThat(r.door()).isEqualTo(DoorState.CLOSED);
            assertThat(r.batteryPercent()).isEqualTo(100);
            assertThat(r.satellites()).isEqualTo(7);
            assertThat(r.odometerKm()).isEqualTo(108.0);
            assertThat(r.alarms()).isEmpty();
            assertThat(r.history()).isFalse();
            assertThat(text(d.reply())).isEqualTo("(P69,0,110)");
        });
        e.put("2478807035371711", d -> {
            Report r = onlyReport(d);
            assertThat(r.deviceTime()).isEqualTo(Instant.parse("2019-08-19T20:06:18Z"));
            assertThat(r.lock()).isEqualTo(LockState.LOCKED);
            assertThat(r.seal()).isEqualTo(SealState.CLOSED);
            assertThat(r.door()).isEqualTo(DoorState.CLOSED);
            assertThat(r.batteryPercent())
                    .as("0xFF: charging over USB, no level")
                    .isNull();
            assertThat(d.reply()).isNull();
        });
        e.put("2475201509261611", d -> {
            Report r = onlyReport(d);
            assertThat(r.position().latitude()).isCloseTo(22.5526, within(1e-6));
            assertThat(r.lock()).isEqualTo(LockState.LOCKED);
            assertThat(r.seal()).isEqualTo(SealState.CLOSED);
            assertThat(r.door())
                    .as("protocol 0x16 leaves the back-cover bit clear")
                    .isEqualTo(DoorState.OPEN);
            assertThat(text(d.reply())).isEqualTo("(P35)");
        });
        e.put("2475810297431713", d -> {
            Report r = onlyReport(d);
            assertThat(r.deviceTime()).isEqualTo(Instant.parse("2000-01-01T00:03:01Z"));
            assertThat(r.position()).isNull();
            assertThat(r.validFix()).isFalse();
            assertThat(r.history()).isTrue();
            assertThat(r.lock()).isEqualTo(LockState.LOCKED);
            assertThat(text(d.reply())).isEqualTo("(P35)");
        });
        e.put("24408111888821001B", d -> {
            Report r = onlyReport(d);
            assertThat(r.deviceTime()).isEqualTo(Instant.parse("2009-06-09T08:04:53Z"));
            assertThat(r.position().latitude()).isCloseTo(22.940042, within(1e-6));
            assertThat(r.position().longitude()).isCloseTo(113.403882, within(1e-6));
            assertThat(r.speedKmh()).isEqualTo(9.26);
            assertThat(r.courseDegrees()).isEqualTo(304.0);
            assertThat(r.odometerKm()).isEqualTo(45.0);
            assertThat(r.lock()).isEqualTo(LockState.UNKNOWN);
        });
        e.put("2475801263981711", d -> {
            Report r = onlyReport(d);
            assertThat(r.position().latitude()).isCloseTo(23.836037, within(1e-6));
            assertThat(r.position().longitude()).isCloseTo(90.369263, within(1e-6));
            assertThat(r.batteryPercent()).isEqualTo(85);
            assertThat(r.seal()).isEqualTo(SealState.CLOSED);
            assertThat(r.lock()).isEqualTo(LockState.LOCKED);
        });
        e.put("24657060730131001b", d -> {
            Report r = onlyReport(d);
            assertThat(r.deviceTime()).isEqualTo(Instant.parse("2017-11-13T10:36:19Z"));
            assertThat(r.position().latitude()).isCloseTo(6.897542, within(1e-6));
            assertThat(r.position().longitude()).isCloseTo(79.874662, within(1e-6));
        });
        e.put("24624090196121001b", d -> {
            Report r = onlyReport(d);
            assertThat(r.position().latitude()).isCloseTo(31.462005, within(1e-6));
            assertThat(r.odometerKm()).isEqualTo(30347.0);
            assertThat(r.courseDegrees()).isEqualTo(176.0);
        });
        e.put("2475604055531611", d -> {
            Report r = onlyReport(d);
            assertThat(r.position().latitude()).isCloseTo(-26.240727, within(1e-6));
            assertThat(r.position().longitude()).isCloseTo(28.351318, within(1e-6));
            assertThat(r.batteryPercent()).isEqualTo(60);
        });
        e.put("24311021600111001B", d -> {
            Report r = onlyReport(d);
            assertThat(r.deviceId()).isEqualTo(DeviceId.of("3110216001"));
            assertThat(r.deviceTime()).isEqualTo(Instant.parse("2011-02-16T05:59:10Z"));
            assertThat(r.validFix()).isTrue();
            assertThat(r.position().latitude()).isCloseTo(22.54977, within(1e-5));
            assertThat(r.position().longitude()).isCloseTo(-114.07705, within(1e-5));
            assertThat(r.satellites()).isEqualTo(9);
            assertThat(r.altitudeMeters()).isEqualTo(291.0);
        });
        e.put("24312082002911001B", d -> {
            Report r = onlyReport(d);
            assertThat(r.position().latitude()).isCloseTo(-24.63502, within(1e-6));
            assertThat(r.position().longitude()).isCloseTo(25.889403, within(1e-6));
            assertThat(r.altitudeMeters()).isEqualTo(1021.0);
        });
        e.put("(3301210003,U01,", d -> {
            Report r = onlyReport(d);
            assertThat(r.deviceTime()).isEqualTo(Instant.parse("2012-08-04T18:53:02Z"));
            assertThat(r.position().latitude()).isEqualTo(22.564025);
            assertThat(r.position().longitude()).isEqualTo(113.242329);
            assertThat(r.batteryPercent()).isEqualTo(32);
            assertThat(r.satellites()).isEqualTo(9);
            assertThat(text(d.reply())).isEqualTo("(S39)");
        });
        e.put("(3301210003,U06,", d -> {
            Report r = onlyReport(d);
            assertThat(r.deviceTime()).isEqualTo(Instant.parse("2012-08-04T18:53:02Z"));
            assertThat(r.odometerKm()).isEqualTo(100.0);
            assertThat(text(d.reply())).isEqualTo("(S20)");
        });
        e.put("(3460311327,U01,", d -> {
            Report r = onlyReport(d);
            assertThat(r.position().longitude()).isEqualTo(-13.658292);
            assertThat(r.batteryPercent()).isZero();
        });
        e.put("(3460311327,U06,", d -> {
            Report r = onlyReport(d);
            assertThat(r.deviceTime()).isEqualTo(Instant.parse("2016-09-22T14:06:19Z"));
            assertThat(r.satellites()).isEqualTo(7);
        });
        e.put("(3110312099,W01,", d -> {
            Report r = onlyReport(d);
            assertThat(r.deviceTime()).isEqualTo(Instant.parse("2011-05-04T06:37:36Z"));
            assertThat(r.validFix()).isTrue();
            assertThat(r.position().latitude()).isCloseTo(22.54994, within(1e-5));
            assertThat(r.position().longitude()).isCloseTo(114.07701, within(1e-5));
            assertThat(r.speedKmh()).isEqualTo(4.0);
        });
        e.put("(3120820029,W01,", d -> {
            Report r = onlyReport(d);
            assertThat(r.position().latitude()).isCloseTo(-24.634995, within(1e-6));
            assertThat(r.position().longitude()).isCloseTo(25.889258, within(1e-6));
        });
        e.put("(3301210003,U04)", d -> assertThat(d.messages())
                .containsExactly(new DeviceMessage.Heartbeat(DeviceId.of("3301210003"))));
        e.put("(3460311327,@JT)", d -> assertThat(d.messages())
                .containsExactly(new DeviceMessage.Login(DeviceId.of("3460311327"), null, "@JT")));
        return e;
    }

    @Test
    void everyCapturedFrameDecodesAsTheDeviceMeantIt() {
        Map<String, Consumer<Decoded>> expectations = expectations();
        List<String> lines = Captures.jointechLines();
        assertThat(lines).hasSize(expectations.size());
        for (String line : lines) {
            List<String> keys = expectations.keySet().stream()
                    .filter(k -> line.startsWith(k))
                    .toList();
            assertThat(keys).as("exactly one expectation for %s", line).hasSize(1);
            expectations.get(keys.getFirst()).accept(decode(line));
        }
    }

    @Test
    void theReadmeW01SampleCarriesTheKnownFix() {
        Report r = onlyReport(decode(W01_README));
        assertThat(r.deviceTime()).isEqualTo(Instant.parse("2011-05-04T06:37:36Z"));
        assertThat(r.position().latitude()).isCloseTo(22.54994, within(1e-5));
        assertThat(r.position().longitude()).isCloseTo(114.07701, within(1e-5));
    }

    @Test
    void aKeepAliveLoginBindsTheConnectionToItsDevice() {
        DecodeContext context = context();
        codec.decode("(3460311327,@JT)".getBytes(StandardCharsets.US_ASCII), context);
        assertThat(context.sessionDevice()).isEqualTo(DeviceId.of("3460311327"));
    }

    @Test
    void aDynamicPasswordUnlockRefusedOutsideTheGeofenceIsNotAuthorised() {
        assertThat(JointechText.unlock(6, 99, 0, "0000000000"))
                .isEqualTo(new UnlockEvent(UnlockMethod.PASSWORD, false, null, 99));
        assertThat(JointechText.unlock(6, 98, 0, "0000000000").authorised()).isTrue();
        assertThat(JointechText.unlock(4, 0, 1, "0000000000").authorised()).isTrue();
    }

    @Test
    void aCutRopeIsATamperedSealAndATamperAlarm() {
        Jt701Status status = new Jt701Status(0x0008 | 0x0080 | 0x2000);
        assertThat(status.seal()).isEqualTo(SealState.TAMPERED);
        assertThat(status.alarms()).containsExactly(Alarm.TAMPER);
        assertThat(status.lock()).isEqualTo(LockState.LOCKED);
        assertThat(new Jt701Status(0x1800).alarms()).containsExactlyInAnyOrder(Alarm.LOW_BATTERY, Alarm.BOX_OPENED);
        assertThat(new Jt701Status(0).seal()).isEqualTo(SealState.OPEN);
    }

    @Test
    void aBinaryFrameShorterThanItsHeaderSaysIsTruncated() {
        byte[] frame =
                HexFormat.of().parseHex("24311021600111001B16021105591022329862114046227B0598095080012327951435");
        assertThat(reason(codec.decode(frame, context()))).isEqualTo(RejectReason.TRUNCATED);
    }

    @Test
    void bytesBeforeAStartMarkerAreMalformedAndAnUnknownTextTypeUnsupported() {
        assertThat(reason(codec.decode(new byte[] {'x', 'y'}, context()))).isEqualTo(RejectReason.MALFORMED);
        assertThat(reason(codec.decode("(3460311327,Z99,1)".getBytes(StandardCharsets.US_ASCII), context())))
                .isEqualTo(RejectReason.UNSUPPORTED);
        assertThat(reason(codec.decode(new byte[0], context()))).isEqualTo(RejectReason.MALFORMED);
    }

    @Test
    void aHeaderDeclaringMoreThanTheLimitIsOversized() {
        byte[] frame = HexFormat.of().parseHex("24311021600111FFFF16021105591022329862114046227B0598");
        Decoded decoded = codec.decode(frame, context());
        assertThat(reason(decoded)).isEqualTo(RejectReason.OVERSIZED);
        assertThat(decoded.messages().getFirst().deviceId()).isEqualTo(DeviceId.of("3110216001"));
    }

    @Test
    void aPositionOffTheGlobeInTextIsImpossibleCoordinates() {
        String frame = "(3110312099,W01,11404.6204,E,9232.9961,N,A,040511,063736,4,7,100,4,17,1,1,company)";
        assertThat(reason(decode(frame))).isEqualTo(RejectReason.IMPOSSIBLE_COORDINATES);
    }

    static RejectReason reason(Decoded decoded) {
        assertThat(decoded.messages()).singleElement().isInstanceOf(DeviceMessage.Rejected.class);
        return ((DeviceMessage.Rejected) decoded.messages().getFirst()).reason();
    }
}
