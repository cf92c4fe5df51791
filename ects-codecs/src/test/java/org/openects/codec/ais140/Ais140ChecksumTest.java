package org.openects.codec.ais140;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openects.codec.ais140.Ais140CodecTest.RECEIVED;
import static org.openects.codec.ais140.Ais140CodecTest.frame;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.openects.codec.DecodeContext;
import org.openects.codec.DeviceMessage;
import org.openects.codec.FrameCodec.Decoded;
import org.openects.codec.RejectReason;
import org.openects.domain.Channel;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;

/**
 * AIS-140 checksums, on the captured frames: the checksums the devices computed verify; any change to a checked
 * frame's content or checksum is {@code BAD_CHECKSUM}; frames of the same layouts without a checksum, and frames of
 * layouts that are not checked, decode as before.
 */
class Ais140ChecksumTest {

    /** The captured frames whose checksum is checked (numbers from 1, as in {@link Ais140CodecTest}). */
    static final Set<Integer> CHECKED = Set.of(2, 5, 6, 7, 11, 13, 17, 25, 26, 27, 28);

    final Ais140Codec codec = new Ais140Codec();

    Decoded decode(String frame) {
        return codec.decode(frame.getBytes(StandardCharsets.ISO_8859_1), new DecodeContext(RECEIVED, Channel.CELLULAR));
    }

    DeviceMessage only(String frame) {
        Decoded decoded = decode(frame);
        assertThat(decoded.messages()).as(frame).hasSize(1);
        return decoded.messages().getFirst();
    }

    DeviceMessage.Rejected badChecksum(String frame) {
        DeviceMessage message = only(frame);
        assertThat(message).as(frame).isInstanceOf(DeviceMessage.Rejected.class);
        DeviceMessage.Rejected rejected = (DeviceMessage.Rejected) message;
        assertThat(rejected.reason()).as(rejected.detail()).isEqualTo(RejectReason.BAD_CHECKSUM);
        return rejected;
    }

    static String problem(String frame) {
        byte[] bytes = frame.getBytes(StandardCharsets.ISO_8859_1);
        return Ais140Checksum.problem(bytes, bytes.length, frame.indexOf('*'));
    }

    /** The frame with the last digit of its latitude changed (a one-character change of the content). */
    static String withLatitudeChanged(String frame) {
        Matcher latitude = Pattern.compile("(\\d+\\.\\d+),[NS],").matcher(frame);
        if (!latitude.find()) {
            return null;
        }
        int last = latitude.end(1) - 1;
        char changed = (char) ('0' + (frame.charAt(last) - '0' + 1) % 10);
        return frame.substring(0, last) + changed + frame.substring(last + 1);
    }

    static java.util.stream.IntStream frameNumbers() {
        return java.util.stream.IntStream.rangeClosed(1, Ais140CodecTest.FRAMES.size());
    }

    @Test
    void theAlgorithmsGiveTheirStandardCheckValues() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);

        assertThat(Ais140Checksum.crc32(check, 0, 9)).isEqualTo(0xCBF43926L);
        assertThat(Ais140Checksum.crc32Mpeg2(check, 0, 9)).isEqualTo(0x0376E6E7L);
        assertThat(Ais140Checksum.xor(check, 0, 9)).isEqualTo(0x31);
    }

    @ParameterizedTest(name = "frame {0}")
    @MethodSource("frameNumbers")
    void everyCapturedChecksumThatIsCheckedVerifies(int n) {
        assertThat(problem(frame(n))).as(frame(n)).isNull();
    }

    @ParameterizedTest(name = "frame {0}")
    @MethodSource("frameNumbers")
    void aChangedCharacterIsABadChecksumInTheCheckedFramesOnly(int n) {
        String changed = withLatitudeChanged(frame(n));
        if (changed == null) {
            assertThat(CHECKED).doesNotContain(n);
            return;
        }
        if (CHECKED.contains(n)) {
            DeviceMessage.Rejected rejected = badChecksum(changed);
            assertThat(rejected.deviceId()).as("named by the frame's IMEI").isNotNull();
            assertThat(frame(n)).contains(rejected.deviceId().value());
        } else {
            assertThat(only(changed)).as(changed).isNotInstanceOf(DeviceMessage.Rejected.class);
        }
    }

    @ParameterizedTest(name = "frame {0}: {1} → {2}")
    @CsvSource({
        "2, ',0B,*', ',0C,*'",
        "5, ',5A,*', ',5B,*'",
        "6, ',20,*', ',21,*'",
        "26, ',47,*', ',74,*'",
        "7, ',171B56E1*', ',171B56E2*'",
        "25, ',B74BBD72*', ',B74BBD27*'",
        "11, '*7B', '*7C'",
        "13, '*226F7BD1', '*226F7BD0'",
        "17, ',01dbd51f,', ',01dbd51e,'",
        "27, ',f906c65c,', ',f906c65d,'",
        "28, ',8173e058,', ',8173e059,'",
    })
    void aWrongChecksumIsRejectedWithWhatItShouldHaveBeen(int n, String sent, String wrong) {
        assertThat(frame(n)).contains(sent);

        DeviceMessage.Rejected rejected = badChecksum(frame(n).replace(sent, wrong));

        assertThat(rejected.detail())
                .contains("does not match")
                .contains(sent.replaceAll("[,*]", "").toUpperCase());
    }

    @Test
    void theDetailSaysWhichLayoutAndAlgorithm() {
        DeviceMessage.Rejected rejected = badChecksum(frame(2).replace(",0B,*", ",0C,*"));

        assertThat(rejected.deviceId()).isEqualTo(DeviceId.of("869247045166383"));
        assertThat(rejected.detail())
                .isEqualTo("CTPL checksum 0C does not match the XOR of the bytes from $ to the comma before it (0B)");
        assertThat(badChecksum(frame(17).replace("01dbd51f", "01dbd51e")).detail())
                .isEqualTo("numbered tracking packet checksum 01dbd51e does not match the CRC-32/MPEG-2 of the bytes "
                        + "from $ to the comma before it (01DBD51F)");
    }

    /**
     * Without the checksum, the last field is data. (Frame 5 is left out: its field before the checksum, {@code 38},
     * is two hex digits too, and would be read as the checksum.)
     */
    @ParameterizedTest(name = "frame {0}: {1} → {2}")
    @CsvSource({
        "2, ',0B,*', ',*'",
        "6, ',20,*', ',*'",
        "7, ',171B56E1*', '*'",
        "11, '*7B', '*'",
        "13, '*226F7BD1', '*'",
        "17, ',01dbd51f,', ','"
    })
    void aFrameOfACheckedLayoutWithoutItsChecksumIsAccepted(int n, String with, String without) {
        assertThat(frame(n)).containsOnlyOnce(with);

        DeviceMessage message = only(frame(n).replace(with, without));

        assertThat(message).isInstanceOf(DeviceMessage.Reports.class);
    }

    @Test
    void theCtplFrameWithoutItsChecksumStillCarriesItsOdometer() {
        Report report = ((DeviceMessage.Reports) only(frame(2).replace("0B,", "")))
                .reports()
                .getFirst();

        assertThat(report.odometerKm()).isEqualTo(194.9);
    }

    @ParameterizedTest(name = "frame {0}")
    @CsvSource({"7, 171B56E1", "11, 7B", "13, 226F7BD1"})
    void lowerCaseHexDigitsAreAccepted(int n, String checksum) {
        assertThat(only(frame(n).replace(checksum, checksum.toLowerCase()))).isInstanceOf(DeviceMessage.Reports.class);
    }

    @Test
    void roadpointFramesWithoutAnEndMarkerAreNotChecked() {
        // frame 15 (1.8AIS) carries a CRC that matches no algorithm over any span; frame 16 (1.7AIS) verifies
        assertThat(only(frame(15))).isInstanceOf(DeviceMessage.Reports.class);
        assertThat(only(frame(16).replace("71978C6B", "71978C6C"))).isInstanceOf(DeviceMessage.Reports.class);
    }

    @ParameterizedTest(name = "frame {0}")
    @CsvSource({"8, '*FC', '*FD'", "12, '*1E', '*1F'", "23, '*34', '*35'", "30, '*13', '*14'", "22, 'd34679e1', '0'"})
    void checksumsOfLayoutsThatAreNotCheckedAreNotRead(int n, String sent, String other) {
        assertThat(only(frame(n).replace(sent, other))).isInstanceOf(DeviceMessage.Reports.class);
    }
}
