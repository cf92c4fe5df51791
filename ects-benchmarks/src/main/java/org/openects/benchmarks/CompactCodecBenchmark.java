package org.openects.benchmarks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openects.codec.DeviceMessage;
import org.openects.codec.openects.CompactCodec;
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

/**
 * Cost of decoding and verifying the compact binary form of the native protocol: one 32-byte report, and a batch of
 * six (one tag for the batch), as an Iridium message or an NB-IoT datagram brings them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class CompactCodecBenchmark {

    private static final DeviceId DEVICE = DeviceId.of("ESEAL-0001");
    private static final byte[] KEY =
            HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    private CompactCodec codec;
    private byte[] report;
    private byte[] batch;
    private Instant receivedAt;

    @Setup
    public void setUp() {
        codec = new CompactCodec(id -> DEVICE.equals(id) ? KEY : null);
        Instant now = Instant.parse("2025-01-15T08:30:00Z");
        List<Report> reports = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            reports.add(Report.builder(DEVICE, now.plusSeconds(60L * i))
                    .counter(42 + i)
                    .position(-1.2921 + i * 0.011, 36.8219 + i * 0.009)
                    .speedKmh(62.0)
                    .courseDegrees(90.0)
                    .seal(SealState.CLOSED)
                    .batteryPercent(87)
                    .history(true)
                    .build());
        }
        report = codec.encodeReport(reports.getFirst(), KEY);
        batch = codec.encodeBatch(reports, KEY);
        receivedAt = now.plusSeconds(600);
        for (byte[] message : List.of(report, batch)) {
            if (!(codec.decodeUplink(message, DEVICE, receivedAt, Channel.SATELLITE)
                            instanceof DeviceMessage.Reports accepted)
                    || accepted.reports().getFirst().trust() != TrustLevel.SIGNED) {
                throw new IllegalStateException("benchmark message does not verify");
            }
        }
    }

    /** Check, look up the key, verify the 64-bit tag and build one report. */
    @Benchmark
    public DeviceMessage decodeAndVerifyReport() {
        return codec.decodeUplink(report, DEVICE, receivedAt, Channel.SATELLITE);
    }

    /** Verify one tag over a six-report batch and build the six reports. */
    @Benchmark
    public DeviceMessage decodeAndVerifyBatchOfSix() {
        return codec.decodeUplink(batch, DEVICE, receivedAt, Channel.SATELLITE);
    }
}
