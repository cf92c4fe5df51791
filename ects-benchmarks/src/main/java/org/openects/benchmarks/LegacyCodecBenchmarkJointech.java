package org.openects.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.openects.codec.DecodeContext;
import org.openects.codec.DeviceMessage;
import org.openects.codec.FrameCodec;
import org.openects.codec.jointech.JointechCodec;
import org.openects.codec.jt808.Jt808Codec;
import org.openects.domain.Channel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Cost of decoding one captured Jointech frame (binary, text, or JT/T 808 e-seal report) into a typed report. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class LegacyCodecBenchmarkJointech {

    @Param({"jt701-binary", "jt600-binary", "p45-text", "jt709a-808"})
    public String frame;

    private FrameCodec codec;
    private byte[] bytes;
    private DecodeContext context;

    @Setup
    public void setUp() {
        switch (frame) {
            case "jt701-binary" -> {
                codec = new JointechCodec();
                bytes = HexFormat.of()
                        .parseHex("2480413009781914003406102107544354193631006213423b00000000006c07000000"
                                + "0020e064f91ea0671d00020f0f0f0f0f0f0f0f0f0f07f100ea0f6e");
            }
            case "jt600-binary" -> {
                codec = new JointechCodec();
                bytes = HexFormat.of()
                        .parseHex("24311021600111001B16021105591022329862114046227B0598095080012327951435161F");
            }
            case "p45-text" -> {
                codec = new JointechCodec();
                bytes = "(2050018634,P45,051124,204046,9.861502,N,83.950336,W,A,1,0,1,1,0012260888,0,0,0)"
                        .getBytes(StandardCharsets.US_ASCII);
            }
            case "jt709a-808" -> {
                codec = new Jt808Codec();
                bytes = HexFormat.of()
                        .parseHex("7e55018c418560090010174701022106242122348476113550490700001c06000000074e00000000"
                                + "00000308100000100102020200000a030000000b0803363839363037650c0600000001000afa7e");
            }
            default -> throw new IllegalArgumentException(frame);
        }
        context = new DecodeContext(Instant.parse("2025-01-15T08:30:00Z"), Channel.CELLULAR);
        if (!(codec.decode(bytes, context).messages().getFirst() instanceof DeviceMessage.Reports)) {
            throw new IllegalStateException("benchmark frame does not decode: " + frame);
        }
    }

    /** Parse one frame, build its report and its acknowledgement. */
    @Benchmark
    public FrameCodec.Decoded decode() {
        return codec.decode(bytes, context);
    }
}
