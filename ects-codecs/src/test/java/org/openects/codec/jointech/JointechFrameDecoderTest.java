package org.openects.codec.jointech;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JointechFrameDecoderTest {

    static final byte[] BINARY =
            Captures.bytes("24311021600111001B16021105591022329862114046227B0598095080012327951435161F");
    static final byte[] TEXT = "(3301210003,U04)".getBytes(StandardCharsets.US_ASCII);
    static final byte[] LONG = Captures.bytes(Captures.jointechLines().get(2));

    static List<byte[]> feed(EmbeddedChannel channel, byte[]... chunks) {
        for (byte[] chunk : chunks) {
            channel.writeInbound(Unpooled.wrappedBuffer(chunk));
        }
        List<byte[]> frames = new ArrayList<>();
        for (Object o; (o = channel.readInbound()) != null; ) {
            frames.add((byte[]) o);
        }
        return frames;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void coalescedBinaryAndTextFramesComeOutOneByOne() {
        List<byte[]> frames = feed(new EmbeddedChannel(new JointechFrameDecoder()), concat(BINARY, TEXT, LONG, TEXT));
        assertThat(frames).containsExactly(BINARY, TEXT, LONG, TEXT);
    }

    @Test
    void framesSplitAtEveryByteAreReassembled() {
        byte[] stream = concat(TEXT, BINARY, LONG);
        EmbeddedChannel channel = new EmbeddedChannel(new JointechFrameDecoder());
        List<byte[]> frames = new ArrayList<>();
        for (byte b : stream) {
            frames.addAll(feed(channel, new byte[] {b}));
        }
        assertThat(frames).containsExactly(TEXT, BINARY, LONG);
    }

    @Test
    void garbageBeforeAStartMarkerComesOutAsItsOwnFrame() {
        byte[] garbage = "\r\nGET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
        List<byte[]> frames = feed(new EmbeddedChannel(new JointechFrameDecoder()), concat(garbage, BINARY));
        assertThat(frames).containsExactly(garbage, BINARY);
        assertThat(JointechCodecTest.reason(new JointechCodec().decode(frames.getFirst(), JointechCodecTest.context())))
                .isEqualTo(org.openects.codec.RejectReason.MALFORMED);
    }

    @Test
    void aTextFrameCutShortByANewOneComesOutAsIs() {
        byte[] cut = "(3301210003,U0".getBytes(StandardCharsets.US_ASCII);
        List<byte[]> frames = feed(new EmbeddedChannel(new JointechFrameDecoder()), concat(cut, TEXT));
        assertThat(frames).containsExactly(cut, TEXT);
    }

    @Test
    void anOversizedFrameIsCutToTheLimitAndTheStreamResynchronises() {
        byte[] endless = new byte[100];
        java.util.Arrays.fill(endless, (byte) 'A');
        endless[0] = '(';
        List<byte[]> frames = feed(new EmbeddedChannel(new JointechFrameDecoder(40)), concat(endless, TEXT));
        assertThat(frames.getFirst()).hasSize(40);
        assertThat(frames.getLast()).isEqualTo(TEXT);
        assertThat(frames.stream().mapToInt(f -> f.length).sum()).isEqualTo(endless.length + TEXT.length);
    }

    @Test
    void aBinaryHeaderDeclaringTooMuchIsCutAtTheLimitAndRejectedOversized() {
        byte[] huge = new byte[JointechCodec.MAX_FRAME_BYTES + 10];
        System.arraycopy(BINARY, 0, huge, 0, 10);
        huge[7] = (byte) 0xff;
        huge[8] = (byte) 0xff;
        List<byte[]> frames = feed(new EmbeddedChannel(new JointechFrameDecoder()), huge);
        assertThat(frames.getFirst()).hasSize(JointechCodec.MAX_FRAME_BYTES);
        assertThat(JointechCodecTest.reason(new JointechCodec().decode(frames.getFirst(), JointechCodecTest.context())))
                .isEqualTo(org.openects.codec.RejectReason.OVERSIZED);
    }

    @Test
    void anIncompleteFrameWaitsForMoreBytes() {
        EmbeddedChannel channel = new EmbeddedChannel(new JointechFrameDecoder());
        assertThat(feed(channel, java.util.Arrays.copyOf(BINARY, 20))).isEmpty();
        assertThat(feed(channel, java.util.Arrays.copyOfRange(BINARY, 20, BINARY.length)))
                .containsExactly(BINARY);
    }
}
