package org.openects.codec.jointech;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openects.codec.DeviceMessage;
import org.openects.codec.FrameCodec.Decoded;
import org.openects.codec.FuzzBudget;
import org.openects.codec.RejectReason;

/** Every captured frame, truncated at every length and mutated at random (fixed seed): never an exception. */
class JointechCorruptionTest {

    static final int MUTATIONS_PER_FRAME = FuzzBudget.mutations(20_000);

    final JointechCodec codec = new JointechCodec();

    static java.util.List<String> frames() {
        return Captures.jointechLines();
    }

    Decoded decodeSafely(byte[] frame) {
        Decoded decoded = codec.decode(frame, JointechCodecTest.context());
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
    void everyTruncationIsRejected(String line) {
        byte[] frame = Captures.bytes(line);
        for (int length = 0; length < frame.length; length++) {
            Decoded decoded = decodeSafely(Arrays.copyOf(frame, length));
            assertThat(decoded.messages()).singleElement().isInstanceOf(DeviceMessage.Rejected.class);
            assertThat(decoded.reply()).isNull();
        }
    }

    @ParameterizedTest
    @MethodSource("frames")
    void seededRandomMutationsNeverEscapeAsExceptions(String line) {
        byte[] original = Captures.bytes(line);
        boolean text = original[0] == '(';
        SplittableRandom random = new SplittableRandom(line.hashCode());
        for (int i = 0; i < MUTATIONS_PER_FRAME; i++) {
            byte[] frame = original.clone();
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(frame.length);
                switch (random.nextInt(3)) {
                    case 0 -> frame[at] = (byte) random.nextInt(256);
                    case 1 -> frame[at] ^= (byte) (1 << random.nextInt(8));
                    default -> frame[at] = (byte) "0123456789,.()$%AVNSEW-".charAt(random.nextInt(23));
                }
            }
            for (DeviceMessage m : decodeSafely(frame).messages()) {
                if (text) {
                    // a mutated text type is another text message: a keep-alive or a login is a fair reading
                    assertThat(m)
                            .isInstanceOfAny(
                                    DeviceMessage.Reports.class,
                                    DeviceMessage.Rejected.class,
                                    DeviceMessage.Heartbeat.class,
                                    DeviceMessage.Login.class);
                } else {
                    assertThat(m).isInstanceOfAny(DeviceMessage.Reports.class, DeviceMessage.Rejected.class);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("frames")
    void trailingBytesAfterABinaryFrameAreMalformed(String line) {
        byte[] frame = Captures.bytes(line);
        if (frame[0] == '$') {
            byte[] longer = Arrays.copyOf(frame, frame.length + 1);
            assertThat(JointechCodecTest.reason(decodeSafely(longer))).isEqualTo(RejectReason.MALFORMED);
        } else {
            assertThat(frame[0]).isEqualTo((byte) '(');
        }
    }
}
