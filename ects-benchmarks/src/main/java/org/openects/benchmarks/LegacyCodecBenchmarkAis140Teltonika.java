package org.openects.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.openects.codec.DecodeContext;
import org.openects.codec.DeviceMessage;
import org.openects.codec.FrameCodec;
import org.openects.codec.ais140.Ais140Codec;
import org.openects.codec.teltonika.TeltonikaCodec;
import org.openects.domain.Channel;
import org.openects.domain.DeviceId;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Cost of decoding one captured frame with the AIS-140 and Teltonika codecs: the per-message work of ingress. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class LegacyCodecBenchmarkAis140Teltonika {

    /** A CTPL live tracking packet from the conformance captures (odometer 194.9 km). */
    private static final String AIS140_TRACKING = "$,C,CTPL,4.0.0,NR,01,L,869247045166383,NA00000000,1,12032020,144453,"
            + "30.452524,N,077.610351,E,1.4,34.8,14,384.19,1.8,0.8,IDEA P,1,1,14.2,4.17,0,C,22,404,82,0FB1,3B26,516B,"
            + "0FB1,18,3B25,0FB1,15,5169,0FB1,14,3B27,0FB1,13,0000,00,8083,194.9,0B,*";

    /** The emergency (SOS) packet from the conformance captures. */
    private static final String AIS140_EMERGENCY = "$EPB,EMR,869867036066035,NM,03042019,192008,V,000.00000000,N,"
            + "000.00000000,E,0000000000.0,0000.0,00.000,G,,0,404,22,ECFB,36EF*226F7BD1";

    /** The Codec 8 packet from the conformance captures: one record. */
    private static final String TELTONIKA_CODEC_8 = "0000000000000035080100000161f37c50500020de5ba60ef11450000000000"
            + "000000006040100b300b400ef000109002000014e0000000000000000010000be52";

    private FrameCodec ais140;
    private FrameCodec teltonika;
    private byte[] tracking;
    private byte[] emergency;
    private byte[] avl;
    private DecodeContext context;

    @Setup
    public void setUp() {
        ais140 = new Ais140Codec();
        teltonika = new TeltonikaCodec();
        tracking = AIS140_TRACKING.getBytes(StandardCharsets.US_ASCII);
        emergency = AIS140_EMERGENCY.getBytes(StandardCharsets.US_ASCII);
        avl = HexFormat.of().parseHex(TELTONIKA_CODEC_8);
        context = new DecodeContext(Instant.parse("2025-01-15T08:30:00Z"), Channel.CELLULAR);
        context.sessionDevice(DeviceId.of("356307042441013"));
        for (FrameCodec.Decoded decoded : new FrameCodec.Decoded[] {
            ais140.decode(tracking, context), ais140.decode(emergency, context), teltonika.decode(avl, context)
        }) {
            if (!(decoded.messages().getFirst() instanceof DeviceMessage.Reports)) {
                throw new IllegalStateException("benchmark frame does not decode: " + decoded.messages());
            }
        }
    }

    /** An AIS-140 live tracking packet, about 230 bytes of text, to one report. */
    @Benchmark
    public FrameCodec.Decoded ais140Tracking() {
        return ais140.decode(tracking, context);
    }

    /** An AIS-140 emergency packet to one SOS report. */
    @Benchmark
    public FrameCodec.Decoded ais140Emergency() {
        return ais140.decode(emergency, context);
    }

    /** A 65-byte Teltonika Codec 8 packet (CRC check included) to one report and its acknowledgement. */
    @Benchmark
    public FrameCodec.Decoded teltonikaCodec8() {
        return teltonika.decode(avl, context);
    }
}
