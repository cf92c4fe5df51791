package org.openects.codec.jt808;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openects.codec.DeviceMessage;
import org.openects.codec.jointech.Captures;

class Jt808FrameDecoderTest {

    static final byte[] SEAL = HexFormat.of().parseHex(Captures.jt808Lines().getFirst());
    static final byte[] HEARTBEAT = HexFormat.of().parseHex(Jt808CodecTest.HEARTBEAT);
    /** Carries 7d 02 and 7d 01 escapes. */
    static final byte[] LOCATION = HexFormat.of().parseHex(Jt808CodecTest.LOCATION);

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
    void coalescedFramesComeOutOneByOneStillEscaped() {
        List<byte[]> frames =
                feed(new EmbeddedChannel(new Jt808FrameDecoder()), concat(SEAL, LOCATION, HEARTBEAT, LOCATION));
        assertThat(frames).containsExactly(SEAL, LOCATION, HEARTBEAT, LOCATION);
    }

    @Test
    void framesSplitAtEveryByteIncludingInsideAnEscapeAreReassembled() {
        EmbeddedChannel channel = new EmbeddedChannel(new Jt808FrameDecoder());
        List<byte[]> frames = new ArrayList<>();
        for (byte b : concat(LOCATION, SEAL)) {
            frames.addAll(feed(channel, new byte[] {b}));
        }
        assertThat(frames).containsExactly(LOCATION, SEAL);
        Jt808Codec codec = new Jt808Codec();
        assertThat(codec.decode(frames.getFirst(), Jt808CodecTest.context()).messages())
                .singleElement()
                .isInstanceOf(DeviceMessage.Reports.class);
    }

    @Test
    void garbageBeforeADelimiterComesOutAsItsOwnFrameAndIsRejected() {
        byte[] garbage = {0x00, 0x41, 0x7d, 0x13};
        List<byte[]> frames = feed(new EmbeddedChannel(new Jt808FrameDecoder()), concat(garbage, HEARTBEAT));
        assertThat(frames).containsExactly(garbage, HEARTBEAT);
        assertThat(new Jt808Codec().decode(garbage, Jt808CodecTest.context()).messages())
                .singleElement()
                .isInstanceOf(DeviceMessage.Rejected.class);
    }

    @Test
    void aLoneDelimiterBeforeAFrameComesOutAlone() {
        byte[] lone = {0x7e};
        List<byte[]> frames = feed(new EmbeddedChannel(new Jt808FrameDecoder()), concat(lone, HEARTBEAT));
        assertThat(frames).containsExactly(lone, HEARTBEAT);
    }

    @Test
    void aFrameWithoutEndIsCutAtTheLimitAndTheStreamResynchronises() {
        byte[] endless = new byte[50];
        endless[0] = 0x7e;
        Arrays.fill(endless, 1, endless.length, (byte) 0x33);
        List<byte[]> frames = feed(new EmbeddedChannel(new Jt808FrameDecoder(20)), concat(endless, HEARTBEAT));
        assertThat(frames.getFirst()).hasSize(20);
        assertThat(frames.getLast()).isEqualTo(HEARTBEAT);
        assertThat(frames.stream().mapToInt(f -> f.length).sum()).isEqualTo(endless.length + HEARTBEAT.length);
    }

    @Test
    void anIncompleteFrameWaitsForItsClosingDelimiter() {
        EmbeddedChannel channel = new EmbeddedChannel(new Jt808FrameDecoder());
        assertThat(feed(channel, Arrays.copyOf(SEAL, SEAL.length - 1))).isEmpty();
        assertThat(feed(channel, new byte[] {0x7e})).containsExactly(SEAL);
    }
}
