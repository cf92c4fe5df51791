package org.openects.codec.jt808;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openects.codec.jt808.SplitFrames.BATCH_BODY;
import static org.openects.codec.jt808.SplitFrames.OTHER_PHONE;
import static org.openects.codec.jt808.SplitFrames.PHONE;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openects.codec.DecodeContext;
import org.openects.codec.DeviceMessage;
import org.openects.codec.FrameCodec.Decoded;
import org.openects.codec.RejectReason;
import org.openects.domain.Channel;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;

/**
 * Sub-packaged messages put back together. The frames are built by {@link SplitFrames} from the standard's layout; the
 * split message is the blind-area batch of {@link Jt808CodecTest#BATCH} (2 locations, 63 body bytes) cut into three
 * packets with serials 20, 21, 22.
 */
class Jt808ReassemblyTest {

    static final Instant T0 = Instant.parse("2025-01-15T08:30:00Z");
    static final int BATCH = 0x0704;
    static final DeviceId DEVICE = DeviceId.of("013912345678");
    static final DeviceId OTHER = DeviceId.of("013987654321");

    final Jt808Codec codec = new Jt808Codec();
    final DecodeContext context = new DecodeContext(T0, Channel.CELLULAR);

    /** The batch in three packets: bytes 0–19, 20–44, 45–62 (a location item is cut in two). */
    static List<byte[]> batchPackets(byte[] phone, int firstSerial) {
        return SplitFrames.split(BATCH, phone, firstSerial, BATCH_BODY, 20, 45);
    }

    Decoded decode(byte[] frame) {
        return codec.decode(frame, context);
    }

    Decoded decodeAt(byte[] frame, Instant at) {
        return codec.decode(frame, context.receivedAt(at));
    }

    static DeviceMessage only(Decoded decoded) {
        assertThat(decoded.messages()).hasSize(1);
        return decoded.messages().getFirst();
    }

    static DeviceMessage.Fragment fragment(Decoded decoded) {
        assertThat(only(decoded)).isInstanceOf(DeviceMessage.Fragment.class);
        return (DeviceMessage.Fragment) only(decoded);
    }

    static DeviceMessage.Rejected rejected(DeviceMessage message, RejectReason reason) {
        assertThat(message).isInstanceOf(DeviceMessage.Rejected.class);
        DeviceMessage.Rejected rejected = (DeviceMessage.Rejected) message;
        assertThat(rejected.reason()).as(rejected.detail()).isEqualTo(reason);
        return rejected;
    }

    /** The whole batch, as {@link Jt808CodecTest#aBlindAreaBatchIsHistoryInTheSouthAndWest} reads it unsplit. */
    static void assertTheWholeBatch(DeviceMessage message, DeviceId device) {
        assertThat(message).isInstanceOf(DeviceMessage.Reports.class);
        List<Report> reports = ((DeviceMessage.Reports) message).reports();
        assertThat(reports).hasSize(2);
        assertThat(reports).allSatisfy(r -> assertThat(r.deviceId()).isEqualTo(device));
        assertThat(reports).allSatisfy(r -> assertThat(r.history()).isTrue());
        assertThat(reports.getFirst().position().latitude()).isEqualTo(-1.2921);
        assertThat(reports.getFirst().position().longitude()).isEqualTo(-36.8219);
        assertThat(reports.getFirst().deviceTime()).isEqualTo(Instant.parse("2025-01-15T02:00:00Z"));
        assertThat(reports.getLast().speedKmh()).isEqualTo(12.3);
    }

    Jt808Reassembler reassembler() {
        return context.stateIfPresent(Jt808Reassembler.class);
    }

    @Test
    void packetsInOrderAreFragmentsUntilTheLastWhichBringsTheWholeMessage() {
        List<byte[]> packets = batchPackets(PHONE, 20);

        Decoded first = decode(packets.get(0));
        Decoded second = decode(packets.get(1));
        Decoded third = decode(packets.get(2));

        assertThat(fragment(first))
                .isEqualTo(new DeviceMessage.Fragment(
                        DEVICE, 1, 3, "sub-package 1 of 3 of message 0x0704 serial 20 from 013912345678; 2 to come"));
        assertThat(fragment(second).part()).isEqualTo(2);
        assertTheWholeBatch(only(third), DEVICE);
        assertThat(first.reply()).isEqualTo(SplitFrames.generalResponse(PHONE, 20, BATCH, 0));
        assertThat(second.reply()).isEqualTo(SplitFrames.generalResponse(PHONE, 21, BATCH, 0));
        assertThat(third.reply()).isEqualTo(SplitFrames.generalResponse(PHONE, 22, BATCH, 0));
        assertThat(reassembler().waiting()).isZero();
        assertThat(reassembler().heldBytes()).isZero();
    }

    @Test
    void theWholeMessageDecodesExactlyAsTheSameMessageSentUnsplit() {
        Decoded unsplit =
                codec.decode(HexFormat.of().parseHex(Jt808CodecTest.BATCH), new DecodeContext(T0, Channel.CELLULAR));
        List<byte[]> packets = batchPackets(PHONE, 0x7d);
        decode(packets.get(0));
        decode(packets.get(1));

        assertThat(decode(packets.get(2)).messages()).isEqualTo(unsplit.messages());
    }

    @Test
    void packetsOutOfOrderAreAssembledInPacketOrder() {
        List<byte[]> packets = batchPackets(PHONE, 20);

        assertThat(fragment(decode(packets.get(2))).part()).isEqualTo(3);
        assertThat(fragment(decode(packets.get(0))).part()).isEqualTo(1);
        Decoded whole = decode(packets.get(1));

        assertTheWholeBatch(only(whole), DEVICE);
        assertThat(whole.reply()).isEqualTo(SplitFrames.generalResponse(PHONE, 21, BATCH, 0));
    }

    @Test
    void aResentPacketIsADuplicateThatIsStillAcknowledged() {
        List<byte[]> packets = batchPackets(PHONE, 20);
        decode(packets.get(0));

        Decoded again = decode(packets.get(0));

        rejected(only(again), RejectReason.DUPLICATE);
        assertThat(again.reply()).isEqualTo(SplitFrames.generalResponse(PHONE, 20, BATCH, 0));
        decode(packets.get(1));
        assertTheWholeBatch(only(decode(packets.get(2))), DEVICE);
    }

    @Test
    void aPacketResentAfterItsMessageWasWholeIsADuplicateNotANewMessage() {
        List<byte[]> packets = batchPackets(PHONE, 20);
        packets.forEach(this::decode);

        Decoded late = decodeAt(packets.get(2), T0.plusSeconds(30));

        rejected(only(late), RejectReason.DUPLICATE);
        assertThat(late.reply()).isEqualTo(SplitFrames.generalResponse(PHONE, 22, BATCH, 0));
        assertThat(reassembler().waiting()).isZero();
    }

    @Test
    void aPacketNumberSentAgainWithAnotherBodyIsMalformedAndTheFirstIsKept() {
        List<byte[]> packets = batchPackets(PHONE, 20);
        decode(packets.get(0));
        byte[] other = SplitFrames.frame(BATCH, PHONE, 20, 3, 1, new byte[20]);

        Decoded conflicting = decode(other);

        rejected(only(conflicting), RejectReason.MALFORMED);
        assertThat(conflicting.reply()).isEqualTo(SplitFrames.generalResponse(PHONE, 20, BATCH, 2));
        decode(packets.get(1));
        assertTheWholeBatch(only(decode(packets.get(2))), DEVICE);
    }

    @Test
    void aMissingPacketEndsTheMessageAsIncompleteWhenItExpires() {
        List<byte[]> packets = batchPackets(PHONE, 20);
        decodeAt(packets.get(0), T0);
        decodeAt(packets.get(2), T0.plusSeconds(10));

        Decoded still = decodeAt(SplitFrames.frame(0x0002, PHONE, 23, 0, 0, new byte[0]), T0.plusSeconds(119));
        Decoded later = decodeAt(SplitFrames.frame(0x0002, PHONE, 24, 0, 0, new byte[0]), T0.plusSeconds(121));

        assertThat(only(still)).isInstanceOf(DeviceMessage.Heartbeat.class);
        assertThat(later.messages()).hasSize(2);
        DeviceMessage.Rejected expired = rejected(later.messages().getFirst(), RejectReason.INCOMPLETE);
        assertThat(expired.deviceId()).isEqualTo(DEVICE);
        assertThat(expired.detail())
                .isEqualTo("message 0x0704 serial 20 from 013912345678: 2 of 3 packets (missing 2); "
                        + "expired 121 s after its first packet");
        assertThat(later.messages().getLast()).isEqualTo(new DeviceMessage.Heartbeat(DEVICE));
        assertThat(later.reply()).as("the heartbeat's own reply").isNotNull();
        assertThat(reassembler().waiting()).isZero();
        assertThat(reassembler().heldBytes()).isZero();
    }

    @Test
    void aMissingPacketOfAnExpiredMessageArrivingLateStartsAFreshSet() {
        List<byte[]> packets = batchPackets(PHONE, 20);
        decodeAt(packets.get(0), T0);

        Decoded late = decodeAt(packets.get(1), T0.plusSeconds(200));

        assertThat(late.messages()).hasSize(2);
        rejected(late.messages().getFirst(), RejectReason.INCOMPLETE);
        assertThat(late.messages().getLast()).isInstanceOf(DeviceMessage.Fragment.class);
        assertThat(reassembler().waiting()).isOne();
    }

    @Test
    void whatStillWaitsWhenTheConnectionEndsIsIncomplete() {
        List<byte[]> packets = batchPackets(PHONE, 20);
        decode(packets.get(1));

        List<DeviceMessage> left = codec.finish(context);

        assertThat(left).singleElement().satisfies(m -> {
            DeviceMessage.Rejected incomplete = rejected(m, RejectReason.INCOMPLETE);
            assertThat(incomplete.detail()).contains("1 of 3 packets (missing 1, 3)", "ended");
            assertThat(incomplete.received()).as("the packet as received").isEqualTo(packets.get(1));
        });
        assertThat(codec.finish(context)).isEmpty();
        assertThat(codec.finish(new DecodeContext(T0, Channel.CELLULAR))).isEmpty();
    }

    @Test
    void anIncompleteMessageCarriesItsPacketsFramesAsReceivedInPacketOrder() {
        // Serials 0x7d and 0x7e (and their check codes) are escaped on the wire: the frames come back escaped.
        List<byte[]> packets = SplitFrames.split(BATCH, PHONE, 0x7d, BATCH_BODY, 10, 20, 45);
        assertThat(HexFormat.of().formatHex(packets.get(1))).contains("7d02");
        decode(packets.get(3));
        decode(packets.get(1));
        decode(packets.get(0));

        DeviceMessage.Rejected incomplete = rejected(codec.finish(context).getFirst(), RejectReason.INCOMPLETE);

        assertThat(incomplete.detail()).contains("3 of 4 packets (missing 3)");
        assertThat(incomplete.received())
                .isEqualTo(concat(packets.get(0), packets.get(1), packets.get(3)))
                .hasSizeLessThanOrEqualTo(4 * Jt808Codec.MAX_FRAME_BYTES);
    }

    @Test
    void expiredAndPushedOutMessagesCarryTheirPacketsToo() {
        Jt808Codec one = new Jt808Codec(ZoneOffset.UTC, new SubPackageLimits(8, 1024, 1, Duration.ofMinutes(2)));
        byte[] first = batchPackets(PHONE, 100).getFirst();
        one.decode(first, context.receivedAt(T0));
        Decoded pushing = one.decode(batchPackets(PHONE, 200).get(1), context);
        Decoded expiring = one.decode(
                SplitFrames.frame(0x0002, PHONE, 7, 0, 0, new byte[0]), context.receivedAt(T0.plusSeconds(200)));

        assertThat(rejected(pushing.messages().getFirst(), RejectReason.INCOMPLETE)
                        .received())
                .isEqualTo(first);
        assertThat(rejected(expiring.messages().getFirst(), RejectReason.INCOMPLETE)
                        .received())
                .isEqualTo(batchPackets(PHONE, 200).get(1));
    }

    @Test
    void aRejectionComparesItsBytesByValue() {
        DeviceMessage.Rejected rejected =
                new DeviceMessage.Rejected(DEVICE, RejectReason.INCOMPLETE, "x", new byte[] {1});

        assertThat(rejected)
                .isEqualTo(new DeviceMessage.Rejected(DEVICE, RejectReason.INCOMPLETE, "x", new byte[] {1}));
        assertThat(rejected)
                .hasSameHashCodeAs(new DeviceMessage.Rejected(DEVICE, RejectReason.INCOMPLETE, "x", new byte[] {1}));
        assertThat(rejected).isNotEqualTo(new DeviceMessage.Rejected(DEVICE, RejectReason.INCOMPLETE, "x"));
        assertThat(new DeviceMessage.Rejected(DEVICE, RejectReason.INCOMPLETE, "x").received())
                .isNull();
        assertThat(rejected.toString()).contains("received=1 bytes");
    }

    static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @Test
    void aMessageOfMorePacketsThanTheLimitIsOversizedAndNotKept() {
        byte[] frame = SplitFrames.frame(BATCH, PHONE, 1, SubPackageLimits.DEFAULTS.maxPackets() + 1, 1, new byte[8]);

        Decoded decoded = decode(frame);

        rejected(only(decoded), RejectReason.OVERSIZED);
        assertThat(decoded.reply()).isEqualTo(SplitFrames.generalResponse(PHONE, 1, BATCH, 3));
        assertThat(reassembler()).as("nothing was kept").isNull();
    }

    @Test
    void aMessageGrowingPastTheByteLimitIsOversizedAndDropped() {
        Jt808Codec small = new Jt808Codec(ZoneOffset.UTC, new SubPackageLimits(8, 40, 4, Duration.ofMinutes(2)));
        List<byte[]> packets = batchPackets(PHONE, 20);

        assertThat(fragment(small.decode(packets.get(0), context)).part()).isEqualTo(1);
        Decoded past = small.decode(packets.get(1), context);

        assertThat(rejected(only(past), RejectReason.OVERSIZED).detail())
                .isEqualTo("message 0x0704 serial 20 from 013912345678: packet 2 would take the message past "
                        + "40 bytes; dropped with 1 of 3 packets (missing 2, 3)");
        assertThat(reassembler().waiting()).isZero();
        assertThat(reassembler().heldBytes()).isZero();
    }

    @Test
    void messagesOfTwoTerminalsInterleavedOnOneConnectionAreKeptApart() {
        List<byte[]> mine = batchPackets(PHONE, 20);
        List<byte[]> theirs = batchPackets(OTHER_PHONE, 20);

        for (int i = 0; i < 2; i++) {
            assertThat(fragment(decode(mine.get(i))).deviceId()).isEqualTo(DEVICE);
            assertThat(fragment(decode(theirs.get(i))).deviceId()).isEqualTo(OTHER);
        }
        assertThat(reassembler().waiting()).isEqualTo(2);
        Decoded theirsWhole = decode(theirs.get(2));
        Decoded mineWhole = decode(mine.get(2));

        assertTheWholeBatch(only(theirsWhole), OTHER);
        assertTheWholeBatch(only(mineWhole), DEVICE);
        assertThat(theirsWhole.reply()).isEqualTo(SplitFrames.generalResponse(OTHER_PHONE, 22, BATCH, 0));
    }

    @Test
    void twoMessagesOfOneTerminalAreKeptApartByTheSerialOfTheirFirstPacket() {
        List<byte[]> earlier = batchPackets(PHONE, 20);
        List<byte[]> later = batchPackets(PHONE, 23);

        decode(earlier.get(0));
        decode(later.get(0));
        decode(later.get(1));
        decode(earlier.get(1));

        assertTheWholeBatch(only(decode(earlier.get(2))), DEVICE);
        assertTheWholeBatch(only(decode(later.get(2))), DEVICE);
    }

    @Test
    void aFurtherSplitMessageBeyondTheLimitPushesTheOldestOut() {
        Jt808Codec two = new Jt808Codec(ZoneOffset.UTC, new SubPackageLimits(8, 1024, 2, Duration.ofMinutes(2)));
        two.decode(batchPackets(PHONE, 100).getFirst(), context);
        two.decode(batchPackets(PHONE, 200).getFirst(), context);

        Decoded third = two.decode(batchPackets(PHONE, 300).getFirst(), context);

        assertThat(third.messages()).hasSize(2);
        assertThat(rejected(third.messages().getFirst(), RejectReason.INCOMPLETE)
                        .detail())
                .startsWith("message 0x0704 serial 100 from 013912345678: 1 of 3 packets (missing 2, 3); pushed out");
        assertThat(third.messages().getLast()).isInstanceOf(DeviceMessage.Fragment.class);
        assertThat(reassembler().waiting()).isEqualTo(2);
    }

    @Test
    void packetsOfAMessageTheCodecDoesNotDecodeAreNotKept() {
        byte[] photo = SplitFrames.frame(0x0801, PHONE, 5, 40, 1, new byte[512]);

        Decoded decoded = decode(photo);

        assertThat(rejected(only(decoded), RejectReason.UNSUPPORTED).detail())
                .isEqualTo("sub-package 1 of 40 of message 0x0801, which is not decoded; its packets are not kept");
        assertThat(decoded.reply()).isEqualTo(SplitFrames.generalResponse(PHONE, 5, 0x0801, 3));
        assertThat(reassembler()).isNull();
    }

    @Test
    void aPacketNumberOutsideTheCountIsMalformed() {
        rejected(only(decode(SplitFrames.frame(BATCH, PHONE, 5, 3, 0, new byte[4]))), RejectReason.MALFORMED);
        rejected(only(decode(SplitFrames.frame(BATCH, PHONE, 5, 3, 4, new byte[4]))), RejectReason.MALFORMED);
        assertThat(reassembler()).isNull();
    }

    @Test
    void serialsWrapAroundWithinOneMessage() {
        List<byte[]> packets = batchPackets(PHONE, 0xfffe);
        decode(packets.get(0));
        decode(packets.get(1));

        Decoded whole = decode(packets.get(2));

        assertTheWholeBatch(only(whole), DEVICE);
        assertThat(whole.reply()).isEqualTo(SplitFrames.generalResponse(PHONE, 0, BATCH, 0));
    }

    @Test
    void a2019HeaderSplitMessageIsAssembledToo() {
        byte[] phone = HexFormat.of().parseHex("00000000013912345678");
        byte[] location = HexFormat.of()
                .parseHex("00000001000000020158150a06ccad7a0032025d005a25011516300001040000045731010ad40155");
        byte[] first = SplitFrames.frame2019(0x0200, phone, 7, 2, 1, java.util.Arrays.copyOf(location, 30));
        byte[] second = SplitFrames.frame2019(
                0x0200, phone, 8, 2, 2, java.util.Arrays.copyOfRange(location, 30, location.length));

        fragment(decode(first));
        DeviceMessage whole = only(decode(second));

        assertThat(whole).isInstanceOf(DeviceMessage.Reports.class);
        Report report = ((DeviceMessage.Reports) whole).reports().getFirst();
        assertThat(report.deviceId()).isEqualTo(DeviceId.of("00000000013912345678"));
        assertThat(report.position().latitude()).isEqualTo(22.54977);
        assertThat(report.odometerKm()).isEqualTo(111.1);
        assertThat(report.batteryPercent()).isEqualTo(85);
    }

    @Test
    void framesOfConnectionsWithoutSplitMessagesCreateNoState() {
        decode(HexFormat.of().parseHex(Jt808CodecTest.LOCATION));
        decode(HexFormat.of().parseHex(Jt808CodecTest.HEARTBEAT));

        assertThat(reassembler()).isNull();
    }
}
