package org.openects.codec.jt808;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openects.codec.DeviceMessage;
import org.openects.codec.FrameCodec.Decoded;
import org.openects.codec.FuzzBudget;
import org.openects.codec.RejectReason;
import org.openects.codec.jointech.Captures;

/** Captured and built frames, truncated at every length, altered at every byte and mutated at random. */
class Jt808CorruptionTest {

    static final int MUTATIONS_PER_FRAME = FuzzBudget.mutations(20_000);

    final Jt808Codec codec = new Jt808Codec();

    static List<String> frames() {
        return Stream.concat(
                        Captures.jt808Lines().stream(),
                        Stream.of(
                                Jt808CodecTest.LOCATION,
                                Jt808CodecTest.BATCH,
                                Jt808CodecTest.REGISTRATION,
                                Jt808CodecTest.HEARTBEAT_2019))
                .toList();
    }

    Decoded decodeSafely(byte[] frame) {
        Decoded decoded = codec.decode(frame, Jt808CodecTest.context());
        assertThat(decoded.messages()).isNotEmpty();
        for (DeviceMessage m : decoded.messages()) {
            if (m instanceof DeviceMessage.Rejected r) {
                assertThat(r.detail()).as("no internal fault").doesNotStartWith("decoder fault");
            }
        }
        return decoded;
    }

    @ParameterizedTest
    @MethodSource("frames")
    void everyTruncationIsRejected(String hex) {
        byte[] frame = HexFormat.of().parseHex(hex);
        for (int length = 0; length < frame.length; length++) {
            assertThat(decodeSafely(Arrays.copyOf(frame, length)).messages())
                    .singleElement()
                    .isInstanceOf(DeviceMessage.Rejected.class);
        }
    }

    @ParameterizedTest
    @MethodSource("frames")
    void everySingleBitFlipInsideTheDelimitersIsRejected(String hex) {
        byte[] frame = HexFormat.of().parseHex(hex);
        for (int at = 1; at < frame.length - 1; at++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] altered = frame.clone();
                altered[at] ^= (byte) (1 << bit);
                assertThat(decodeSafely(altered).messages())
                        .as("bit %d of byte %d", bit, at)
                        .singleElement()
                        .isInstanceOf(DeviceMessage.Rejected.class);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("frames")
    void seededRandomMutationsNeverEscapeAsExceptions(String hex) {
        byte[] original = HexFormat.of().parseHex(hex);
        SplittableRandom random = new SplittableRandom(hex.hashCode());
        int rejected = 0;
        for (int i = 0; i < MUTATIONS_PER_FRAME; i++) {
            byte[] frame = original.clone();
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(frame.length);
                frame[at] = random.nextBoolean()
                        ? (byte) random.nextInt(256)
                        : (byte) new int[] {0x7e, 0x7d, 0x01, 0x02, 0x00, 0xff}[random.nextInt(6)];
            }
            Decoded decoded = decodeSafely(frame);
            if (decoded.messages().getFirst() instanceof DeviceMessage.Rejected) {
                rejected++;
            }
        }
        assertThat(rejected).as("the check code catches almost every mutation").isGreaterThan(MUTATIONS_PER_FRAME / 2);
    }

    @ParameterizedTest
    @MethodSource("frames")
    void aRecomputedCheckCodeOverAMangledBodyStillNeverThrows(String hex) {
        byte[] message = Jt808Wire.unescape(HexFormat.of().parseHex(hex));
        SplittableRandom random = new SplittableRandom(~hex.hashCode());
        for (int i = 0; i < MUTATIONS_PER_FRAME / 4; i++) {
            byte[] m = Arrays.copyOf(message, message.length - 1);
            int from = Math.min(m.length - 1, 12);
            for (int e = 0; e < 1 + random.nextInt(3); e++) {
                m[from + random.nextInt(m.length - from)] = (byte) random.nextInt(256);
            }
            Decoded decoded = decodeSafely(Jt808Wire.frame(m));
            for (DeviceMessage d : decoded.messages()) {
                assertThat(d)
                        .isInstanceOfAny(
                                DeviceMessage.Reports.class,
                                DeviceMessage.Rejected.class,
                                DeviceMessage.Login.class,
                                DeviceMessage.Heartbeat.class);
                if (d instanceof DeviceMessage.Rejected r) {
                    assertThat(r.reason()).isNotEqualTo(RejectReason.BAD_CHECKSUM);
                }
            }
        }
    }
}
