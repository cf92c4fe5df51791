package org.openects.codec.jt808;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openects.codec.DeviceMessage;
import org.openects.codec.FrameCodec.Decoded;
import org.openects.codec.RejectReason;
import org.openects.codec.openects.AckStatus;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;

/**
 * The platform's commands to JT/T 808 terminals (0x8103 with parameter 0x0029, 0x8201, 0x8500) and the terminal's
 * answers (0x0001, 0x0201, 0x0500). Expected bytes built with a few lines of Python (XOR, escaping) from the standard's layout,
 * independently of this codec; terminal phone 013912345678.
 */
class Jt808CommandsTest {

    static final DeviceId PHONE = Jt808CodecTest.PHONE;

    /** 0x8103, serial 1: one parameter, 0x0029 (4 bytes) = 60. */
    static final String SET_INTERVAL_60 = "7e8103000a01391234567800010100000029040000003ca97e";
    /** 0x8103, serial 0x007e (7d 02 on the wire), 0x0029 = 125 = 0x7d (7d 01 on the wire). */
    static final String SET_INTERVAL_125_ESCAPED = "7e8103000a013912345678007d020100000029040000007d01977e";
    /** 0x8201, serial 2. */
    static final String POSITION_QUERY = "7e820100000139123456780002b17e";
    /** 0x8201, serial 0x7d7e: both bytes escaped. */
    static final String POSITION_QUERY_ESCAPED = "7e820100000139123456787d017d02b07e";
    /** 0x8201, serial 3, 2019 header (version 1) to terminal 00000000013912345678. */
    static final String POSITION_QUERY_2019 = "7e8201400001000000000139123456780003f17e";
    /**
     * 0x0201, terminal serial 0x0d, answering serial 2, then the 0x0200 body of {@link Jt808CodecTest#LOCATION}
     * (SOS, 22.54977 / 114.07705, 2025-01-15 16:30:00 Beijing time).
     */
    static final String POSITION_QUERY_RESPONSE = "7e0201002a013912345678000d000200000001000000020158150a06ccad7a"
            + "0032025d005a25011516300001040000045731010ad40155827e";

    static final String POSITION_QUERY_RESPONSE_REPLY = "7e800100050139123456780000000d020100ba7e";
    /** 0x0001, terminal serial 0x0c, answering 0x8103 serial 0x007e (escaped) with result 3, not supported. */
    static final String NOT_SUPPORTED_RESPONSE = "7e00010005013912345678000c007d02810303c77e";

    /** 0x8500 (2013 layout), serial 5: control flag 0x00, bit 0 clear = door unlock. */
    static final String DOOR_UNLOCK = "7e85000001013912345678000500b17e";
    /** 0x8500, serial 0x007e (7d 02 on the wire). */
    static final String DOOR_UNLOCK_ESCAPED = "7e85000001013912345678007d0200ca7e";
    /** 0x0500, terminal serial 0x0d, answering serial 2, then the same 0x0200 body as {@link #POSITION_QUERY_RESPONSE}. */
    static final String VEHICLE_CONTROL_RESPONSE = "7e0500002a013912345678000d000200000001000000020158150a06ccad7a"
            + "0032025d005a25011516300001040000045731010ad40155847e";

    static final String VEHICLE_CONTROL_RESPONSE_REPLY = "7e800100050139123456780000000d050000bc7e";
    /** 0x0001, terminal serial 0x0e, answering 0x8500 serial 5 with result 3, not supported. */
    static final String DOOR_UNLOCK_NOT_SUPPORTED = "7e00010005013912345678000e0005850003b97e";

    final Jt808Codec codec = new Jt808Codec();

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    Decoded decode(String hex) {
        return codec.decode(HexFormat.of().parseHex(hex), Jt808CodecTest.context());
    }

    @Test
    void setReportIntervalIs0x8103WithParameter0x0029() {
        assertThat(hex(Jt808Commands.setReportInterval(PHONE, 1, 60))).isEqualTo(SET_INTERVAL_60);
        Jt808Commands.PlatformMessage read = Jt808Commands.read(HexFormat.of().parseHex(SET_INTERVAL_60));
        assertThat(read.messageId()).isEqualTo(0x8103);
        assertThat(read.terminal()).isEqualTo(PHONE);
        assertThat(read.serial()).isEqualTo(1);
        assertThat(read.v2019()).isFalse();
        assertThat(read.reportIntervalSeconds()).isEqualTo(60);
    }

    @Test
    void aSerialAndAValueThatAreDelimiterOrEscapeBytesGoOutEscaped() {
        byte[] frame = Jt808Commands.setReportInterval(PHONE, 0x7e, 0x7d);
        assertThat(hex(frame)).isEqualTo(SET_INTERVAL_125_ESCAPED);
        Jt808Commands.PlatformMessage read = Jt808Commands.read(frame);
        assertThat(read.serial()).isEqualTo(0x7e);
        assertThat(read.reportIntervalSeconds()).isEqualTo(125);

        assertThat(hex(Jt808Commands.positionQuery(PHONE, 0x7d7e))).isEqualTo(POSITION_QUERY_ESCAPED);
        assertThat(Jt808Commands.read(HexFormat.of().parseHex(POSITION_QUERY_ESCAPED))
                        .serial())
                .isEqualTo(0x7d7e);
    }

    @Test
    void positionQueryIs0x8201WithAnEmptyBody() {
        assertThat(hex(Jt808Commands.positionQuery(PHONE, 2))).isEqualTo(POSITION_QUERY);
        Jt808Commands.PlatformMessage read = Jt808Commands.read(HexFormat.of().parseHex(POSITION_QUERY));
        assertThat(read.messageId()).isEqualTo(0x8201);
        assertThat(read.body()).isEmpty();
        assertThat(read.reportIntervalSeconds()).isNull();
    }

    @Test
    void doorUnlockIs0x8500WithTheControlFlagCleared() {
        assertThat(hex(Jt808Commands.doorUnlock(PHONE, 5))).isEqualTo(DOOR_UNLOCK);
        assertThat(hex(Jt808Commands.doorUnlock(PHONE, 0x7e))).isEqualTo(DOOR_UNLOCK_ESCAPED);
        Jt808Commands.PlatformMessage read = Jt808Commands.read(HexFormat.of().parseHex(DOOR_UNLOCK));
        assertThat(read.messageId()).isEqualTo(0x8500);
        assertThat(read.serial()).isEqualTo(5);
        assertThat(read.v2019()).isFalse();
        assertThat(read.body()).containsExactly(0x00);
        assertThatThrownBy(() -> Jt808Commands.doorUnlock(DeviceId.of("00000000013912345678"), 5))
                .as("2019 terminals: the 2019 layout is not sent")
                .hasMessageContaining("2013 layout");
    }

    @Test
    void aVehicleControlResponseIsTheAnswerToTheUnlocksSerialAndAReport() {
        Decoded decoded = decode(VEHICLE_CONTROL_RESPONSE);
        assertThat(decoded.messages()).hasSize(2);
        assertThat(decoded.messages().getFirst())
                .isEqualTo(new DeviceMessage.CommandAck(
                        PHONE,
                        "0x8500",
                        true,
                        "vehicle control response to serial 2",
                        new DeviceMessage.CommandAck.Answer(
                                2, 0x8500, AckStatus.DONE, 0, Instant.parse("2025-01-15T08:30:00Z"))));
        assertThat(((DeviceMessage.Reports) decoded.messages().getLast()).reports())
                .singleElement()
                .satisfies(r -> assertThat(r.position().latitude()).isEqualTo(22.54977));
        assertThat(hex(decoded.reply())).isEqualTo(VEHICLE_CONTROL_RESPONSE_REPLY);

        assertThat(decode(DOOR_UNLOCK_NOT_SUPPORTED).messages())
                .containsExactly(new DeviceMessage.CommandAck(
                        PHONE,
                        "0x8500",
                        false,
                        "serial 5, result 3",
                        new DeviceMessage.CommandAck.Answer(5, 0x8500, AckStatus.UNSUPPORTED, 3, null)));
    }

    @Test
    void aTwentyDigitTerminalGetsA2019Header() {
        DeviceId terminal = DeviceId.of("00000000013912345678");
        assertThat(hex(Jt808Commands.positionQuery(terminal, 3))).isEqualTo(POSITION_QUERY_2019);
        Jt808Commands.PlatformMessage read = Jt808Commands.read(HexFormat.of().parseHex(POSITION_QUERY_2019));
        assertThat(read.v2019()).isTrue();
        assertThat(read.terminal()).isEqualTo(terminal);
    }

    @Test
    void whatCannotBeEncodedIsRefused() {
        assertThatThrownBy(() -> Jt808Commands.positionQuery(DeviceId.of("ESEAL-0001"), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a JT/T 808 terminal id");
        assertThatThrownBy(() -> Jt808Commands.positionQuery(DeviceId.of("0139123456"), 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Jt808Commands.positionQuery(PHONE, 65_536))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Jt808Commands.setReportInterval(PHONE, 1, 1L << 32))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCorruptedPlatformFrameDoesNotRead() {
        byte[] good = HexFormat.of().parseHex(SET_INTERVAL_60);
        byte[] badCheck = good.clone();
        badCheck[badCheck.length - 2] ^= 1;
        assertThatThrownBy(() -> Jt808Commands.read(badCheck)).hasMessageContaining("check code");
        byte[] badEscape = HexFormat.of().parseHex("7e8201000001391234567800027d03b17e");
        assertThatThrownBy(() -> Jt808Commands.read(badEscape)).hasMessageContaining("escape");
        assertThatThrownBy(() -> Jt808Commands.read(Arrays.copyOf(good, good.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
        // 0x8103 announcing two parameters but holding one (check code recomputed)
        byte[] shortList = HexFormat.of().parseHex("7e8103000a0139123456780001020000002904000000" + "3c" + "aa7e");
        assertThatThrownBy(() -> Jt808Commands.read(shortList).reportIntervalSeconds())
                .hasMessageContaining("fewer than 2 parameters");
    }

    @Test
    void aPositionQueryResponseIsAReportAndTheAnswerToItsSerial() {
        Decoded decoded = decode(POSITION_QUERY_RESPONSE);
        assertThat(decoded.messages()).hasSize(2);
        assertThat(decoded.messages().getFirst())
                .isEqualTo(new DeviceMessage.CommandAck(
                        PHONE,
                        "0x8201",
                        true,
                        "position query response to serial 2",
                        new DeviceMessage.CommandAck.Answer(
                                2, 0x8201, AckStatus.DONE, 0, Instant.parse("2025-01-15T08:30:00Z"))));
        List<Report> reports = ((DeviceMessage.Reports) decoded.messages().getLast()).reports();
        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.deviceId()).isEqualTo(PHONE);
            assertThat(r.deviceTime()).isEqualTo(Instant.parse("2025-01-15T08:30:00Z"));
            assertThat(r.position().latitude()).isEqualTo(22.54977);
            assertThat(r.position().longitude()).isEqualTo(114.07705);
            assertThat(r.history()).isFalse();
        });
        assertThat(hex(decoded.reply())).isEqualTo(POSITION_QUERY_RESPONSE_REPLY);
    }

    @Test
    void aTerminalGeneralResponseNamesTheSerialAndMessageItAnswersAndItsResult() {
        Decoded decoded = decode(NOT_SUPPORTED_RESPONSE);
        assertThat(decoded.messages())
                .containsExactly(new DeviceMessage.CommandAck(
                        PHONE,
                        "0x8103",
                        false,
                        "serial 126, result 3",
                        new DeviceMessage.CommandAck.Answer(0x7e, 0x8103, AckStatus.UNSUPPORTED, 3, null)));
        assertThat(decoded.reply()).isNull();
    }

    @Test
    void resultsMapToTheNativeStatuses() {
        assertThat(Jt808Codec.ackStatus(0)).isEqualTo(AckStatus.DONE);
        assertThat(Jt808Codec.ackStatus(1)).isEqualTo(AckStatus.FAILED);
        assertThat(Jt808Codec.ackStatus(2)).isEqualTo(AckStatus.FAILED);
        assertThat(Jt808Codec.ackStatus(3)).isEqualTo(AckStatus.UNSUPPORTED);
        assertThat(Jt808Codec.ackStatus(9)).isEqualTo(AckStatus.FAILED);
    }

    @Test
    void aPositionQueryResponseTooShortIsRejected() {
        // serial only, no position (length 2; check code recomputed)
        Decoded serialOnly = decode("7e02010002013912345678000d0002" + "3e" + "7e");
        assertThat(Jt808CodecTest.reason(serialOnly)).isEqualTo(RejectReason.TRUNCATED);
        // a single byte: not even the serial
        Decoded oneByte = decode("7e02010001013912345678000d00" + "3f" + "7e");
        assertThat(Jt808CodecTest.reason(oneByte)).isEqualTo(RejectReason.TRUNCATED);
        // a body cut inside the position, its length and check code consistent
        Decoded cut = decode("7e02010010013912345678000d000200000001000000020158150a06cc" + "a3" + "7e");
        assertThat(Jt808CodecTest.reason(cut)).isEqualTo(RejectReason.TRUNCATED);
        // one bit flipped in the answered serial: the check code no longer matches
        String flipped = POSITION_QUERY_RESPONSE.replaceFirst("000d0002", "000d0003");
        assertThat(Jt808CodecTest.reason(decode(flipped))).isEqualTo(RejectReason.BAD_CHECKSUM);
    }
}
