package org.openects.codec.jt808;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openects.codec.DecodeContext;
import org.openects.codec.DeviceMessage;
import org.openects.codec.FrameCodec.Decoded;
import org.openects.codec.FuzzBudget;
import org.openects.codec.RejectReason;
import org.openects.codec.jointech.Captures;
import org.openects.domain.Channel;

/**
 * Captured and built frames (sub-packages among them), truncated at every length, altered at every byte and mutated
 * at random; and a stream of mutated sub-packages through one connection's reassembler.
 */
class Jt808CorruptionTest {

    static final int MUTATIONS_PER_FRAME = FuzzBudget.mutations(20_000);

    final Jt808Codec codec = new Jt808Codec();

    static List<String> frames() {
        return Stream.of(
                        Captures.jt808Lines().stream(),
                        Stream.of(
                                Jt808CodecTest.LOCATION,
                                Jt808CodecTest.BATCH,
                                Jt808CodecTest.REGISTRATION,
                                Jt808CodecTest.HEARTBEAT_2019,
                                Jt808CommandsTest.POSITION_QUERY_RESPONSE,
                                Jt808CommandsTest.NOT_SUPPORTED_RESPONSE),
                        splitPackets().stream().map(HexFormat.of()::formatHex))
                .flatMap(s -> s)
                .toList();
    }

    /** The three packets of the split batch of {@link Jt808ReassemblyTest}, and one packet of a 2019 split. */
    static List<byte[]> splitPackets() {
        List<byte[]> packets = new ArrayList<>(Jt808ReassemblyTest.batchPackets(SplitFrames.PHONE, 0x7d));
        packets.add(
                SplitFrames.frame2019(0x0200, HexFormat.of().parseHex("00000000013912345678"), 7, 2, 1, new byte[30]));
        return packets;
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
                                DeviceMessage.Heartbeat.class,
                                DeviceMessage.Fragment.class,
                                DeviceMessage.CommandAck.class);
                if (d instanceof DeviceMessage.Rejected r) {
                    assertThat(r.reason()).isNotEqualTo(RejectReason.BAD_CHECKSUM);
                }
            }
        }
    }

    /**
     * Mutated sub-packages with recomputed check codes (so that they reach the reassembler): message ids, package
     * items, serials, terminals and bodies altered, receive times moving on. One connection takes them all; no
     * exception escapes, what it holds never passes its limits, and what it still holds at the end is rejected
     * {@code INCOMPLETE}.
     */
    @Test
    void mutatedSubPackagesThroughOneConnectionNeverThrowAndStayWithinTheLimits() {
        SubPackageLimits limits = new SubPackageLimits(8, 600, 3, Duration.ofSeconds(90));
        Jt808Codec reassembling = new Jt808Codec(ZoneOffset.UTC, limits);
        DecodeContext context = new DecodeContext(Instant.parse("2025-01-15T08:30:00Z"), Channel.CELLULAR);
        List<byte[]> originals = new ArrayList<>();
        for (int serial : new int[] {20, 40, 0xfffe}) {
            for (byte[] phone : new byte[][] {SplitFrames.PHONE, SplitFrames.OTHER_PHONE}) {
                for (byte[] frame : Jt808ReassemblyTest.batchPackets(phone, serial)) {
                    originals.add(Jt808Wire.unescape(frame));
                }
            }
        }
        SplittableRandom random = new SplittableRandom(808);
        Set<String> sent = new HashSet<>();
        int fragments = 0;
        int wholes = 0;
        int incomplete = 0;
        for (int i = 0; i < MUTATIONS_PER_FRAME; i++) {
            byte[] original = originals.get(random.nextInt(originals.size()));
            byte[] m = Arrays.copyOf(original, original.length - 1);
            int edits = random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int at =
                        switch (random.nextInt(4)) {
                            case 0 -> 12 + random.nextInt(4); // packet count and number
                            case 1 -> 10 + random.nextInt(2); // serial
                            case 2 -> random.nextInt(4); // message id and properties
                            default -> random.nextInt(m.length);
                        };
                m[at] = random.nextBoolean()
                        ? (byte) random.nextInt(256)
                        : (byte) new int[] {0x00, 0x01, 0x02, 0x03, 0x40, 0xff}[random.nextInt(6)];
            }
            context.receivedAt(context.receivedAt().plusSeconds(random.nextInt(20)));
            byte[] frame = SplitFrames.wrap(m);
            sent.add(HexFormat.of().formatHex(frame));
            Decoded decoded = reassembling.decode(frame, context);
            assertThat(decoded.messages()).isNotEmpty();
            for (DeviceMessage message : decoded.messages()) {
                switch (message) {
                    case DeviceMessage.Fragment f -> fragments++;
                    case DeviceMessage.Reports r -> wholes++;
                    case DeviceMessage.Rejected r -> {
                        assertThat(r.detail()).as("no internal fault").doesNotStartWith("decoder fault");
                        if (r.reason() == RejectReason.INCOMPLETE) {
                            incomplete++;
                            assertReceivedOnThisConnection(r, sent, limits);
                        }
                    }
                    default -> {}
                }
            }
            Jt808Reassembler held = context.stateIfPresent(Jt808Reassembler.class);
            if (held != null) {
                assertThat(held.waiting()).isLessThanOrEqualTo(limits.maxPartialMessages());
                assertThat(held.heldBytes())
                        .isLessThanOrEqualTo(limits.maxPartialMessages() * limits.maxMessageBytes());
            }
        }
        assertThat(reassembling.finish(context)).allSatisfy(m -> {
            assertThat(((DeviceMessage.Rejected) m).reason()).isEqualTo(RejectReason.INCOMPLETE);
            assertReceivedOnThisConnection((DeviceMessage.Rejected) m, sent, limits);
        });
        assertThat(context.stateIfPresent(Jt808Reassembler.class).waiting()).isZero();
        assertThat(fragments).as("the stream reaches the reassembler").isGreaterThan(MUTATIONS_PER_FRAME / 10);
        assertThat(wholes).as("some messages get whole").isPositive();
        assertThat(incomplete).as("some never do").isPositive();
    }

    /** An incomplete message's bytes are whole frames that were sent on the connection, at most one per packet. */
    private static void assertReceivedOnThisConnection(
            DeviceMessage.Rejected incomplete, Set<String> sent, SubPackageLimits limits) {
        byte[] received = incomplete.received();
        assertThat(received).as("the packets' bytes").isNotEmpty();
        List<String> frames = new ArrayList<>();
        int start = 0;
        for (int i = 1; i < received.length; i++) {
            if (received[i] == 0x7e && i > start) {
                assertThat(received[start]).isEqualTo((byte) 0x7e);
                frames.add(HexFormat.of().formatHex(received, start, i + 1));
                start = i + 1;
                i++;
            }
        }
        assertThat(start).as("nothing after the last frame").isEqualTo(received.length);
        assertThat(frames).hasSizeBetween(1, limits.maxPackets());
        assertThat(sent).as("each frame was sent as it is").containsAll(frames);
    }
}
