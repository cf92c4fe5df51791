package org.openects.benchmarks;

import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.openects.codec.DeviceMessage;
import org.openects.codec.openects.NativeReportCodec;
import org.openects.codec.openects.ReplayWindow;
import org.openects.domain.Channel;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;
import org.openects.domain.SealState;
import org.openects.domain.TrustLevel;
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

/** Cost of decoding and verifying one HS256-signed native report, the per-message work of the ingress hot path. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class NativeCodecBenchmark {

    private static final DeviceId DEVICE = DeviceId.of("ESEAL-0001");
    private static final byte[] KEY =
            HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    private NativeReportCodec codec;
    private byte[] message;
    private Instant receivedAt;
    private long counter;

    @Setup
    public void setUp() {
        codec = new NativeReportCodec(id -> DEVICE.equals(id) ? KEY : null);
        Instant now = Instant.parse("2025-01-15T08:30:00Z");
        Report report = Report.builder(DEVICE, now)
                .counter(42)
                .position(-1.2921, 36.8219)
                .speedKmh(62.5)
                .seal(SealState.CLOSED)
                .batteryPercent(87)
                .build();
        message = codec.encode(report, KEY);
        receivedAt = now.plusSeconds(2);
        if (!(codec.decode(message, receivedAt, Channel.CELLULAR) instanceof DeviceMessage.Reports accepted)
                || accepted.reports().getFirst().trust() != TrustLevel.SIGNED) {
            throw new IllegalStateException("benchmark message does not verify");
        }
    }

    /** Parse, look up the key, verify the HMAC and build the report. */
    @Benchmark
    public DeviceMessage decodeAndVerify() {
        return codec.decode(message, receivedAt, Channel.CELLULAR);
    }

    /** The above plus the anti-replay window check of a fresh counter. */
    @Benchmark
    public boolean decodeVerifyAndScreenCounter(WindowState window) {
        DeviceMessage result = codec.decode(message, receivedAt, Channel.CELLULAR);
        return result instanceof DeviceMessage.Reports && window.window.accept(++counter);
    }

    /** One device's replay window, fresh per benchmark thread. */
    @State(Scope.Thread)
    public static class WindowState {
        final ReplayWindow window = new ReplayWindow();
    }
}
