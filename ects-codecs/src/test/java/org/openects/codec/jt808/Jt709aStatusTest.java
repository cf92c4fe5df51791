package org.openects.codec.jt808;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openects.codec.DecodeContext;
import org.openects.codec.DeviceMessage;
import org.openects.codec.FrameCodec.Decoded;
import org.openects.domain.Alarm;
import org.openects.domain.Channel;
import org.openects.domain.DoorState;
import org.openects.domain.LockState;
import org.openects.domain.Report;
import org.openects.domain.SealState;
import org.openects.domain.UnlockEvent;
import org.openects.domain.UnlockMethod;

/**
 * The JT709A / JT705A status and alarm words of Jointech's 0x5501 report, one bit at a time. The frames are
 * constructed from the documented layout (docs/protocols/jt808.md): a header with a one-byte serial, properties bit 15
 * asking for 0x4401 and bits 10–11 set as in the capture; a body of the 15-byte time/position block, speed, course,
 * GSM signal, satellites, odometer (4), battery, cell (4), area (2), product type, status word, alarm word and
 * additional information. Everything but the field under test takes the JT709A capture's values (the first test
 * shows the builder reproduces the capture byte for byte).
 */
class Jt709aStatusTest {

    static final Instant RECEIVED = Instant.parse("2025-01-15T08:30:00Z");

    final Jt808Codec codec = new Jt808Codec();

    /** A 0x5501 frame of product {@code product} with {@code status}, {@code alarm} and additional information. */
    static byte[] frame(int product, int status, int alarm, byte[] extra) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(HexFormat.of().parseHex("010221062421223484761135504907")); // 2021-02-01 06:24:21, fix
        body.write(0); // speed, knots
        body.write(0); // course / 2
        body.write(28); // GSM signal
        body.write(6); // satellites
        body.writeBytes(new byte[] {0, 0, 0, 7}); // odometer, km
        body.write(78); // battery, %
        body.writeBytes(new byte[4]); // cell
        body.writeBytes(new byte[2]); // area
        body.write(product);
        body.write(status >>> 8);
        body.write(status & 0xff);
        body.write(alarm >>> 8);
        body.write(alarm & 0xff);
        body.writeBytes(extra);
        byte[] b = body.toByteArray();
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.writeBytes(new byte[] {0x55, 0x01});
        int properties = 0x8c00 | b.length; // bit 15: acknowledgement wanted; bits 10, 11 as the capture sets them
        m.write(properties >>> 8);
        m.write(properties & 0xff);
        m.writeBytes(HexFormat.of().parseHex("856009001017"));
        m.write(0x47); // one-byte serial
        m.writeBytes(b);
        return SplitFrames.wrap(m.toByteArray());
    }

    static byte[] frame(int status, int alarm) {
        return frame(3, status, alarm, new byte[0]);
    }

    Report report(byte[] frame) {
        Decoded decoded = codec.decode(frame, new DecodeContext(RECEIVED, Channel.CELLULAR));
        assertThat(decoded.messages()).singleElement().isInstanceOf(DeviceMessage.Reports.class);
        List<Report> reports = ((DeviceMessage.Reports) decoded.messages().getFirst()).reports();
        assertThat(reports).hasSize(1);
        return reports.getFirst();
    }

    @Test
    void theBuilderFollowsTheLayoutOfTheCapture() {
        byte[] extra = HexFormat.of()
                .parseHex("100102" + "02020000" + "0a03000000" + "0b080336383936303765" + "0c0600000001000a");

        byte[] constructed = frame(3, 0x0810, 0x0000, extra);

        assertThat(HexFormat.of().formatHex(constructed))
                .isEqualTo(org.openects.codec.jointech.Captures.jt808Lines().getFirst());
        Report report = report(constructed);
        assertThat(report.lock()).isEqualTo(LockState.UNLOCKED);
        assertThat(report.door()).isEqualTo(DoorState.CLOSED);
        assertThat(report.seal()).isEqualTo(SealState.UNKNOWN);
        assertThat(report.unlock()).isEqualTo(new UnlockEvent(UnlockMethod.PASSWORD, true, null, 0x65));
    }

    @Test
    void statusBit4IsTheMotorUnlocked() {
        assertThat(report(frame(1 << 4, 0)).lock()).isEqualTo(LockState.UNLOCKED);
        assertThat(report(frame(0, 0)).lock()).isEqualTo(LockState.LOCKED);
    }

    @Test
    void statusBit2IsTheBackCoverOpen() {
        assertThat(report(frame(1 << 2, 0)).door()).isEqualTo(DoorState.OPEN);
        assertThat(report(frame(0, 0)).door()).isEqualTo(DoorState.CLOSED);
        assertThat(report(frame(1 << 2, 0)).alarms())
                .as("a state, not an alarm")
                .isEmpty();
    }

    @Test
    void statusBit5TheUnlockButtonOrRopeIsNotMapped() {
        Report set = report(frame(1 << 5, 0));
        Report clear = report(frame(0, 0));

        assertThat(set.seal()).isEqualTo(SealState.UNKNOWN);
        assertThat(clear.seal()).isEqualTo(SealState.UNKNOWN);
        assertThat(set.lock()).isEqualTo(clear.lock());
        assertThat(set.door()).isEqualTo(clear.door());
    }

    @ParameterizedTest(name = "status bit {0}")
    @ValueSource(ints = {0, 1, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
    void theOtherStatusBitsChangeNothingMapped(int bit) {
        Report report = report(frame(1 << bit, 0));

        assertThat(report.lock()).isEqualTo(LockState.LOCKED);
        assertThat(report.door()).isEqualTo(DoorState.CLOSED);
        assertThat(report.seal()).isEqualTo(SealState.UNKNOWN);
        assertThat(report.alarms()).isEmpty();
    }

    @Test
    void alarmBit1IsALowBattery() {
        assertThat(report(frame(0, 1 << 1)).alarms()).containsExactly(Alarm.LOW_BATTERY);
    }

    @ParameterizedTest(name = "alarm bit {0}")
    @ValueSource(ints = {0, 2, 3, 4, 5, 6, 7, 8, 15})
    void theOtherAlarmBitsRaiseNoAlarm(int bit) {
        assertThat(report(frame(0, 1 << bit)).alarms()).isEmpty();
    }

    @Test
    void otherProductsWordsAreNotRead() {
        Report report = report(frame(1, 0xffff, 0xffff, new byte[0]));

        assertThat(report.lock()).isEqualTo(LockState.UNKNOWN);
        assertThat(report.door()).isEqualTo(DoorState.UNKNOWN);
        assertThat(report.seal()).isEqualTo(SealState.UNKNOWN);
        assertThat(report.alarms()).isEmpty();
    }

    @Test
    void aPasswordUnlockRefusedIsNotAuthorised() {
        byte[] extra = HexFormat.of().parseHex("0b0801" + "313233343536" + "ff");

        assertThat(report(frame(3, 0, 0, extra)).unlock())
                .isEqualTo(new UnlockEvent(UnlockMethod.PASSWORD, false, null, 0xff));
    }

    @Test
    void aCardUnlockCarriesTheCardNumberAndItsResult() {
        byte[] extra = HexFormat.of().parseHex("0b0622" + "0001e240" + "00");

        assertThat(report(frame(3, 1 << 4, 0, extra)).unlock())
                .isEqualTo(new UnlockEvent(UnlockMethod.RFID_CARD, true, "0000123456", 0));
    }

    @Test
    void anUnauthorisedCardEventIsNotAuthorised() {
        byte[] extra = HexFormat.of().parseHex("0b0523" + "0001e240");

        assertThat(report(frame(3, 0, 0, extra)).unlock())
                .isEqualTo(new UnlockEvent(UnlockMethod.RFID_CARD, false, "0000123456", null));
    }
}
