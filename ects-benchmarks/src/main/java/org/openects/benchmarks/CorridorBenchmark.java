package org.openects.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicData;
import org.openects.domain.Channel;
import org.openects.domain.DeviceId;
import org.openects.domain.GeoPosition;
import org.openects.domain.Report;
import org.openects.domain.SealState;
import org.openects.rules.MonitoringEvent;
import org.openects.rules.MovementMonitor;
import org.openects.rules.RoutePlan;
import org.openects.rules.geo.Corridor;
import org.openects.rules.geo.Geofence;
import org.openects.rules.geo.GeofenceKind;
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
 * Corridor tests and the per-report monitoring cost on a 1,000-point, roughly 1,000 km corridor (2 km wide) winding
 * north-west from Mombasa. Probe positions lie up to 3 km either side of the route, so about two thirds are inside.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CorridorBenchmark {

    private static final int POINTS = 1_000;
    private static final int PROBES = 1 << 12;
    private static final int REPORTS = 1 << 16;
    private static final double WIDTH_METERS = 2_000;
    private static final Instant DEPARTURE = Instant.parse("2025-03-01T06:00:00Z");

    private Corridor corridor;
    private RoutePlan plan;
    private GeoPosition[] probes;
    private Report[] reports;
    private MovementMonitor monitor;
    private int nextProbe;
    private int nextReport;

    @Setup
    public void setUp() {
        Random random = new Random(42);
        List<GeoPosition> centreline = new ArrayList<>(POINTS);
        centreline.add(GeoPosition.of(-4.0435, 39.6682));
        double azimuth = -50;
        while (centreline.size() < POINTS) {
            azimuth = Math.clamp(azimuth + random.nextGaussian() * 10, -80, -20);
            centreline.add(destination(centreline.getLast(), azimuth, 500 + 1_000 * random.nextDouble()));
        }
        corridor = new Corridor(centreline, WIDTH_METERS);
        plan = new RoutePlan(
                corridor,
                new Geofence.Circle("Mombasa port", GeofenceKind.ORIGIN, centreline.getFirst(), 1_000),
                new Geofence.Circle("Destination depot", GeofenceKind.DESTINATION, centreline.getLast(), 1_000),
                List.of(),
                Duration.ofMinutes(30));

        probes = new GeoPosition[PROBES];
        for (int i = 0; i < PROBES; i++) {
            probes[i] = beside(centreline, random, random.nextInt(POINTS - 1), 3_000 * random.nextDouble());
        }

        // A drive along the whole route, one report a minute, leaving the corridor for a while every 500 reports.
        reports = new Report[REPORTS];
        DeviceId device = DeviceId.of("ESEAL-000042");
        for (int i = 0; i < REPORTS; i++) {
            int segment = (int) ((long) i * (POINTS - 1) / REPORTS);
            double offset = i % 500 < 5 ? 3_000 : 300 * random.nextDouble();
            Instant time = DEPARTURE.plusSeconds(60L * i);
            reports[i] = Report.builder(device, time)
                    .receivedAt(time.plusSeconds(2))
                    .position(beside(centreline, random, segment, offset), true)
                    .seal(SealState.CLOSED)
                    .channel(Channel.CELLULAR)
                    .build();
        }
        monitor = new MovementMonitor(plan, DEPARTURE);
    }

    @Benchmark
    public boolean corridorContains() {
        return corridor.contains(probes[nextProbe++ & (PROBES - 1)]);
    }

    @Benchmark
    public double corridorDistance() {
        return corridor.distanceMeters(probes[nextProbe++ & (PROBES - 1)]);
    }

    @Benchmark
    public List<MonitoringEvent> monitorOnReport() {
        int i = nextReport++ & (REPORTS - 1);
        if (i == 0) {
            monitor = new MovementMonitor(plan, DEPARTURE);
        }
        return monitor.onReport(reports[i]);
    }

    private static GeoPosition beside(List<GeoPosition> centreline, Random random, int segment, double offsetMeters) {
        GeoPosition from = centreline.get(segment);
        GeoPosition to = centreline.get(segment + 1);
        GeodesicData line = Geodesic.WGS84.Inverse(from.latitude(), from.longitude(), to.latitude(), to.longitude());
        GeodesicData foot =
                Geodesic.WGS84.Direct(from.latitude(), from.longitude(), line.azi1, line.s12 * random.nextDouble());
        double side = random.nextBoolean() ? 90 : -90;
        return destination(GeoPosition.of(foot.lat2, foot.lon2), foot.azi2 + side, offsetMeters);
    }

    private static GeoPosition destination(GeoPosition start, double azimuth, double meters) {
        GeodesicData d = Geodesic.WGS84.Direct(start.latitude(), start.longitude(), azimuth, meters);
        return GeoPosition.of(d.lat2, d.lon2);
    }
}
