package org.openects.codec.jt808;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openects.codec.DecodeContext;
import org.openects.codec.DeviceMessage;
import org.openects.codec.FrameCodec.Decoded;
import org.openects.codec.RejectReason;
import org.openects.codec.jointech.Captures;
import org.openects.codec.openects.AckStatus;
import org.openects.domain.Alarm;
import org.openects.domain.Channel;
import org.openects.domain.DeviceId;
import org.openects.domain.DoorState;
import org.openects.domain.LockState;
import org.openects.domain.Report;
import org.openects.domain.SealState;
import org.openects.domain.UnlockEvent;
import org.openects.domain.UnlockMethod;

/**
 * The expected frames and replies below were built with a few lines of Python (XOR, escaping) independently of this
 * codec; terminal phone 013912345678.
 */
class Jt808CodecTest {

    static final Instant RECEIVED = Instant.parse("2025-01-15T08:30:00Z");
    static final DeviceId PHONE = DeviceId.of("013912345678");

    static final String HEARTBEAT = "7e000200000139123456780007357e";
    static final String HEARTBEAT_REPLY = "7e8001000501391234567800000007000200b17e";
    static final String AUTHENTICATION = "7e01020007013912345678000841555448313233047e";
    static final String AUTHENTICATION_REPLY = "7e8001000501391234567800000008010200bf7e";
    static final String REGISTRATION =
            "7e0100002a0139123456780009002c03004a544543484a5437303941000000000000000000000000"
                    + "0000313233343536370154455354311a7e";
    static final String REGISTRATION_REPLY = "7e8100000f0139123456780000000900303133393132333435363738b47e";
    /** Serial 0x007e, escaped as 7d 02 in the frame and in the reply. */
    static final String LOCATION = "7e02000028013912345678007d0200000001000000020158150a06ccad7a0032025d005a2501151630"
            + "0001040000045731010ad40155f07e";

    static final String LOCATION_REPLY = "7e800100050139123456780000007d02020000c87e";
    /** Serial 0x007d, escaped as 7d 01. */
    static final String BATCH = "7e0704003f013912345678007d01000201001c000000000000000e0013b7440231db8c06a4000000b4"
            + "250115100000001c000001000000000e0013b7a80231dbf006a4007b00b5250115100100987e";

    static final String BATCH_REPLY = "7e800100050139123456780000007d01070400ca7e";
    static final String HEARTBEAT_2019 = "7e0002400001000000000139123456780003707e";
    static final String HEARTBEAT_2019_REPLY = "7e80014005010000000001391234567800000003000200f47e";
    static final String TERMINAL_RESPONSE = "7e00010005013912345678000a0005810500bf7e";
    static final String UNSUPPORTED = "7e09000002013912345678000b4142337e";
    static final String UNSUPPORTED_REPLY = "7e800100050139123456780000000b090003b57e";
    static final String JT709A_REPLY = "7e4401000385600900101701550100f87e";

    final Jt808Codec codec = new Jt808Codec();

    static DecodeContext context() {
        return new DecodeContext(RECEIVED, Channel.CELLULAR);
    }

    Decoded decode(String hex) {
        return codec.decode(HexFormat.of().parseHex(hex), context());
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static List<Report> reports(Decoded decoded) {
        assertThat(decoded.messages()).singleElement().isInstanceOf(DeviceMessage.Reports.class);
        return ((DeviceMessage.Reports) decoded.messages().getFirst()).reports();
    }

    static RejectReason reason(Decoded decoded) {
        assertThat(decoded.messages()).singleElement().isInstanceOf(DeviceMessage.Rejected.class);
        return ((DeviceMessage.Rejected) decoded.messages().getFirst()).reason();
    }

    @Test
    void theCapturedJt709aSealReportCarriesUnlockResult0x65AndTheSealsStates() {
        assertThat(Captures.jt808Lines()).hasSize(1);
        Decoded decoded = decode(Captures.jt808Lines().getFirst());
        Report r = reports(decoded).getFirst();
        assertThat(r.deviceId()).isEqualTo(DeviceId.of("856009001017"));
        assertThat(r.deviceTime()).isEqualTo(Instant.parse("2021-02-01T06:24:21Z"));
        assertThat(r.validFix()).isTrue();
        assertThat(r.position().latitude()).isCloseTo(22.580793, within(1e-6));
        assertThat(r.position().longitude()).isCloseTo(113.917483, within(1e-6));
        assertThat(r.unlock()).isEqualTo(new UnlockEvent(UnlockMethod.PASSWORD, true, null, 0x65));
        assertThat(r.lock()).isEqualTo(LockState.UNLOCKED);
        assertThat(r.door()).isEqualTo(DoorState.CLOSED);
        assertThat(r.seal()).as("no public source says which bit is the rope").isEqualTo(SealState.UNKNOWN);
        assertThat(r.batteryPercent()).isEqualTo(78);
        assertThat(r.satellites()).isEqualTo(6);
        assertThat(r.odometerKm()).isEqualTo(7.0);
        assertThat(r.history()).isFalse();
        assertThat(hex(decoded.reply())).isEqualTo(JT709A_REPLY);
    }

    @Test
    void aBufferedJt709aReportIsHistory() {
        byte[] frame = HexFormat.of().parseHex(Captures.jt808Lines().getFirst());
        frame[2] = 0x02;
        frame[frame.length - 2] ^= 0x03;
        Report r = reports(codec.decode(frame, context())).getFirst();
        assertThat(r.history()).isTrue();
    }

    @Test
    void aHeartbeatIsAnsweredWithTheGeneralResponse() {
        Decoded decoded = decode(HEARTBEAT);
        assertThat(decoded.messages()).containsExactly(new DeviceMessage.Heartbeat(PHONE));
        assertThat(hex(decoded.reply())).isEqualTo(HEARTBEAT_REPLY);
    }

    @Test
    void aRegistrationIsALoginAnsweredWithAnAuthenticationCode() {
        DecodeContext context = context();
        Decoded decoded = codec.decode(HexFormat.of().parseHex(REGISTRATION), context);
        assertThat(decoded.messages())
                .containsExactly(new DeviceMessage.Login(
                        PHONE, null, "registration: manufacturer JTECH, model JT709A, terminal 1234567, plate TEST1"));
        assertThat(hex(decoded.reply())).isEqualTo(REGISTRATION_REPLY);
        assertThat(context.sessionDevice()).isEqualTo(PHONE);
    }

    @Test
    void anAuthenticationIsALoginAnsweredWithTheGeneralResponse() {
        Decoded decoded = decode(AUTHENTICATION);
        assertThat(decoded.messages()).containsExactly(new DeviceMessage.Login(PHONE, null, "authentication"));
        assertThat(hex(decoded.reply())).isEqualTo(AUTHENTICATION_REPLY);
    }

    @Test
    void aLocationOnBeijingTimeWithEscapedSerialDecodesAndIsAcknowledged() {
        Decoded decoded = decode(LOCATION);
        Report r = reports(decoded).getFirst();
        assertThat(r.deviceTime()).isEqualTo(Instant.parse("2025-01-15T08:30:00Z"));
        assertThat(r.position().latitude()).isEqualTo(22.54977);
        assertThat(r.position().longitude()).isEqualTo(114.07705);
        assertThat(r.validFix()).isTrue();
        assertThat(r.altitudeMeters()).isEqualTo(50.0);
        assertThat(r.speedKmh()).isEqualTo(60.5);
        assertThat(r.courseDegrees()).isEqualTo(90.0);
        assertThat(r.odometerKm()).isEqualTo(111.1);
        assertThat(r.satellites()).isEqualTo(10);
        assertThat(r.batteryPercent()).isEqualTo(85);
        assertThat(r.alarms()).containsExactly(Alarm.SOS);
        assertThat(hex(decoded.reply())).isEqualTo(LOCATION_REPLY);
    }

    @Test
    void aCodecOnUtcReadsTheSameTimeEightHoursLater() {
        Report r = reports(new Jt808Codec(ZoneOffset.UTC).decode(HexFormat.of().parseHex(LOCATION), context()))
                .getFirst();
        assertThat(r.deviceTime()).isEqualTo(Instant.parse("2025-01-15T16:30:00Z"));
    }

    @Test
    void aBlindAreaBatchIsHistoryInTheSouthAndWest() {
        Decoded decoded = decode(BATCH);
        List<Report> reports = reports(decoded);
        assertThat(reports).hasSize(2);
        assertThat(reports).allSatisfy(r -> assertThat(r.history()).isTrue());
        assertThat(reports.getFirst().position().latitude()).isEqualTo(-1.2921);
        assertThat(reports.getFirst().position().longitude()).isEqualTo(-36.8219);
        assertThat(reports.getFirst().deviceTime()).isEqualTo(Instant.parse("2025-01-15T02:00:00Z"));
        assertThat(reports.getLast().alarms()).containsExactly(Alarm.POWER_CUT);
        assertThat(reports.getLast().speedKmh()).isEqualTo(12.3);
        assertThat(hex(decoded.reply())).isEqualTo(BATCH_REPLY);
    }

    @Test
    void a2019HeaderIsReadAndAnsweredIn2019Form() {
        Decoded decoded = decode(HEARTBEAT_2019);
        assertThat(decoded.messages())
                .containsExactly(new DeviceMessage.Heartbeat(DeviceId.of("00000000013912345678")));
        assertThat(hex(decoded.reply())).isEqualTo(HEARTBEAT_2019_REPLY);
    }

    @Test
    void aTerminalGeneralResponseIsACommandAcknowledgement() {
        Decoded decoded = decode(TERMINAL_RESPONSE);
        assertThat(decoded.messages())
                .containsExactly(new DeviceMessage.CommandAck(
                        PHONE,
                        "0x8105",
                        true,
                        "serial 5, result 0",
                        new DeviceMessage.CommandAck.Answer(5, 0x8105, AckStatus.DONE, 0, null)));
        assertThat(decoded.reply()).isNull();
    }

    @Test
    void anUnhandledMessageIsRejectedAndAnsweredNotSupported() {
        Decoded decoded = decode(UNSUPPORTED);
        assertThat(reason(decoded)).isEqualTo(RejectReason.UNSUPPORTED);
        assertThat(hex(decoded.reply())).isEqualTo(UNSUPPORTED_REPLY);
    }

    @Test
    void aWrongCheckCodeIsBadChecksumWithoutReply() {
        byte[] frame = HexFormat.of().parseHex(HEARTBEAT);
        frame[frame.length - 2] ^= 0x01;
        Decoded decoded = codec.decode(frame, context());
        assertThat(reason(decoded)).isEqualTo(RejectReason.BAD_CHECKSUM);
        assertThat(decoded.messages().getFirst().deviceId()).isEqualTo(PHONE);
        assertThat(decoded.reply()).isNull();
    }

    @Test
    void aBadEscapeOrABareDelimiterInsideIsMalformed() {
        assertThat(reason(decode("7e0002007d030139123456780007357e"))).isEqualTo(RejectReason.MALFORMED);
        assertThat(reason(decode("7e00020000013912347e56780007357e"))).isEqualTo(RejectReason.MALFORMED);
        assertThat(reason(decode("7e00020000013912345678000735" + "7d7e"))).isEqualTo(RejectReason.MALFORMED);
    }

    @Test
    void aBodyShorterThanItsLengthIsTruncatedAndLongerIsMalformed() {
        // heartbeat claiming a 1-byte body, check code recomputed: 00 02 00 01 01 39 12 34 56 78 00 07 → 0x34
        assertThat(reason(decode("7e000200010139123456780007347e"))).isEqualTo(RejectReason.TRUNCATED);
        // heartbeat with an extra 0x00 byte and no declared body: check code unchanged
        assertThat(reason(decode("7e00020000013912345678000700357e"))).isEqualTo(RejectReason.MALFORMED);
    }

    @Test
    void aSubPackageIsKeptAsAFragmentAndAcknowledged() {
        // heartbeat with properties 0x2000 (sub-packaged), packet 1 of 2
        Decoded decoded = decode("7e00022000013912345678000700020001167e");
        assertThat(decoded.messages())
                .singleElement()
                .isInstanceOf(DeviceMessage.Fragment.class)
                .extracting(m -> ((DeviceMessage.Fragment) m).part())
                .isEqualTo(1);
        assertThat(hex(decoded.reply())).isEqualTo(HEARTBEAT_REPLY);
    }

    @Test
    void garbageAndEmptyAndCutFramesAreRejected() {
        assertThat(reason(decode("41424344"))).isEqualTo(RejectReason.MALFORMED);
        assertThat(reason(decode(""))).isEqualTo(RejectReason.MALFORMED);
        assertThat(reason(decode("7e"))).isEqualTo(RejectReason.TRUNCATED);
        byte[] cut = new byte[Jt808Codec.MAX_FRAME_BYTES];
        cut[0] = 0x7e;
        assertThat(reason(codec.decode(cut, context()))).isEqualTo(RejectReason.OVERSIZED);
    }
}
