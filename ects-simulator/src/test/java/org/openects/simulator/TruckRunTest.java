package org.openects.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openects.domain.Alarm;
import org.openects.domain.DeviceId;
import org.openects.domain.GeoPosition;
import org.openects.domain.Report;
import org.openects.domain.SealState;
import org.openects.simulator.route.Route;

class TruckRunTest {

    static final Instant START = Instant.parse("2025-01-15T06:00:00Z");
    static final List<GeoPosition> CORRIDOR = Corridors.mombasaMalaba();
    static final Route ROUTE = Route.of(CORRIDOR);

    static SimulatedDevice aTruck(Incident... incidents) {
        return new SimulatedDevice(DeviceId.of("ESEAL-0042"), new byte[] {1}, CORRIDOR, 100, 60, List.of(incidents));
    }

    static TruckRun drive(SimulatedDevice device, double speedup) {
        return new TruckRun(device, ROUTE, START, speedup);
    }

    /** Ticks every {@code everySeconds} from the start up to {@code untilSeconds}, collecting what is sent. */
    static List<Report> ticks(TruckRun run, double everySeconds, double untilSeconds) {
        List<Report> sent = new ArrayList<>();
        for (double t = 0; t <= untilSeconds + 1e-9; t += everySeconds) {
            sent.addAll(run.tick(START.plusMillis(Math.round(t * 1000))));
        }
        return sent;
    }

    @Test
    void a_truck_at_60_kmh_with_speedup_40_drives_40_km_per_real_minute() {
        TruckRun run = drive(aTruck(), 40);

        assertThat(run.drivenKm(START.plusSeconds(60))).isCloseTo(40, within(1e-9));
        assertThat(run.drivenKm(START.plusSeconds(90))).isCloseTo(60, within(1e-9));
    }

    @Test
    void reports_are_where_the_truck_has_driven_to_and_carry_the_real_time() {
        TruckRun run = drive(aTruck(), 40);
        Instant now = START.plusSeconds(30);

        Report report = run.tick(now).getFirst();

        assertThat(report.deviceTime()).isEqualTo(now);
        assertThat(Route.distanceKm(report.position(), ROUTE.positionAt(100 + 20)))
                .isLessThan(1e-6);
        assertThat(report.speedKmh()).isEqualTo(60.0);
        assertThat(report.seal()).isEqualTo(SealState.CLOSED);
        assertThat(report.history()).isFalse();
    }

    @Test
    void counters_count_up_from_the_first_without_reuse() {
        SimulatedDevice device =
                new SimulatedDevice(DeviceId.of("ESEAL-0042"), new byte[] {1}, CORRIDOR, 0, 60, List.of(), 500);

        List<Report> sent = ticks(drive(device, 40), 1, 9);

        assertThat(sent)
                .extracting(Report::counter)
                .containsExactly(500L, 501L, 502L, 503L, 504L, 505L, 506L, 507L, 508L, 509L);
    }

    @Test
    void a_deviation_takes_the_truck_lateral_km_off_the_corridor_and_back() {
        TruckRun run = drive(aTruck(new Incident.CorridorDeviation(4, 3, 8)), 40);
        double kmPerSecond = 60 * 40 / 3600.0;

        double before = distanceFromCorridorAfter(run, 3.5 / kmPerSecond);
        double middle = distanceFromCorridorAfter(run, 8 / kmPerSecond);
        double after = distanceFromCorridorAfter(run, 12.5 / kmPerSecond);

        assertThat(before).isLessThan(0.01);
        assertThat(middle).isCloseTo(3, within(0.15));
        assertThat(after).isLessThan(0.01);
        assertThat(run.lateralKm(5)).isCloseTo(1.5, within(1e-9)); // halfway out
    }

    private static double distanceFromCorridorAfter(TruckRun run, double seconds) {
        Report report = run.tick(START.plusMillis(Math.round(seconds * 1000))).getFirst();
        return ROUTE.distanceFromRouteKm(report.position());
    }

    @Test
    void a_tampered_seal_stays_tampered_and_raises_one_alarm() {
        TruckRun run = drive(aTruck(new Incident.SealTamper(10, SealState.TAMPERED)), 40);

        List<Report> sent = ticks(run, 3, 30); // 2 km per tick

        assertThat(sent).filteredOn(r -> run.drivenKm(r.deviceTime()) < 10).allSatisfy(r -> {
            assertThat(r.seal()).isEqualTo(SealState.CLOSED);
            assertThat(r.alarms()).isEmpty();
        });
        List<Report> tampered =
                sent.stream().filter(r -> r.seal() == SealState.TAMPERED).toList();
        assertThat(tampered).hasSizeGreaterThan(2);
        assertThat(tampered.getFirst().alarms()).containsExactly(Alarm.TAMPER);
        assertThat(tampered.subList(1, tampered.size()))
                .allSatisfy(r -> assertThat(r.alarms()).isEmpty());
    }

    @Test
    void during_a_signal_gap_nothing_is_sent_then_the_history_comes_in_order_before_the_live_report() {
        TruckRun run = drive(aTruck(new Incident.SignalGap(2, Duration.ofSeconds(20))), 40);
        // 2 km is reached after 3 s; the gap lasts until 23 s

        List<List<Report>> perTick = new ArrayList<>();
        for (int t = 0; t <= 30; t++) {
            perTick.add(run.tick(START.plusSeconds(t)));
        }

        assertThat(perTick.subList(0, 3)).allSatisfy(sent -> assertThat(sent).hasSize(1));
        assertThat(perTick.subList(3, 23)).allSatisfy(sent -> assertThat(sent).isEmpty());
        List<Report> burst = perTick.get(23);
        assertThat(burst).hasSize(21);
        assertThat(burst.subList(0, 20)).allSatisfy(r -> assertThat(r.history()).isTrue());
        assertThat(burst.getLast().history()).isFalse();
        assertThat(burst).extracting(Report::counter).isSorted().doesNotHaveDuplicates();
        assertThat(burst.getFirst().deviceTime()).isEqualTo(START.plusSeconds(3));
        assertThat(burst.getLast().deviceTime()).isEqualTo(START.plusSeconds(23));
        assertThat(perTick.subList(24, 31)).allSatisfy(sent -> {
            assertThat(sent).hasSize(1);
            assertThat(sent.getFirst().history()).isFalse();
        });
        List<Long> all =
                perTick.stream().flatMap(List::stream).map(Report::counter).toList();
        assertThat(all)
                .containsExactlyElementsOf(
                        java.util.stream.LongStream.rangeClosed(1, 31).boxed().toList());
    }

    @Test
    void at_the_end_of_the_route_the_truck_waits_at_the_border_with_speed_zero() {
        TruckRun run = drive(aTruck(), 40);
        Instant muchLater = START.plus(Duration.ofHours(2));

        Report report = run.tick(muchLater).getFirst();

        assertThat(run.arrived(muchLater)).isTrue();
        assertThat(report.speedKmh()).isZero();
        assertThat(Route.distanceKm(report.position(), CORRIDOR.getLast())).isLessThan(1e-6);
    }
}
