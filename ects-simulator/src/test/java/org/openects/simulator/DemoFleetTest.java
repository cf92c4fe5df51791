package org.openects.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openects.domain.Alarm;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;
import org.openects.simulator.route.Route;

class DemoFleetTest {

    /** Everything the demo promises for the first minute is sent by then: the rest is the platform's margin. */
    private static final int BY_SECONDS = 50;

    final List<SimulatedDevice> fleet = DemoFleet.create(10);

    @Test
    void trucks_have_sequential_ids_and_distinct_32_byte_keys() {
        assertThat(fleet)
                .extracting(SimulatedDevice::id)
                .startsWith(DeviceId.of("ESEAL-0001"), DeviceId.of("ESEAL-0002"));
        assertThat(fleet.getLast().id()).isEqualTo(DeviceId.of("ESEAL-0010"));
        assertThat(fleet).allSatisfy(truck -> assertThat(truck.key()).hasSize(32));
        assertThat(fleet.stream()
                        .map(t -> java.util.HexFormat.of().formatHex(t.key()))
                        .distinct())
                .hasSize(10);
    }

    @Test
    void the_first_three_trucks_deviate_get_tampered_and_lose_signal_and_the_rest_drive_cleanly() {
        assertThat(fleet.get(0).incidents()).singleElement().isInstanceOf(Incident.CorridorDeviation.class);
        assertThat(fleet.get(1).incidents()).singleElement().isInstanceOf(Incident.SealTamper.class);
        assertThat(fleet.get(2).incidents()).singleElement().isInstanceOf(Incident.SignalGap.class);
        assertThat(fleet.subList(3, 10))
                .allSatisfy(truck -> assertThat(truck.incidents()).isEmpty());
    }

    @Test
    void trucks_start_staggered_along_the_corridor_with_room_to_drive() {
        double length = Route.of(Corridors.mombasaMalaba()).lengthKm();

        assertThat(fleet).extracting(SimulatedDevice::startKm).isSorted().doesNotHaveDuplicates();
        assertThat(fleet).allSatisfy(truck -> assertThat(truck.startKm()).isBetween(0.0, length - 100));
    }

    @Test
    void only_the_truck_that_loses_coverage_gets_the_shorter_maximum_reporting_gap() {
        Duration usual = Duration.ofSeconds(45);

        assertThat(DemoFleet.maxReportingGap(fleet.get(2), usual)).isEqualTo(DemoFleet.GAP_TRUCK_MAX_REPORTING_GAP);
        assertThat(DemoFleet.maxReportingGap(fleet.get(0), usual)).isEqualTo(usual);
        assertThat(DemoFleet.maxReportingGap(fleet.get(2), Duration.ofSeconds(10)))
                .isEqualTo(Duration.ofSeconds(10));
    }

    /**
     * Drives the fleet as the demo does (default speedup, a reading every {@link
     * SimulatorConfig#DEFAULT_REPORT_INTERVAL}) and times what leaves each device: every scripted incident, the gap
     * truck's silence exceeding its maximum reporting gap and the burst of its buffered history, must be sent within
     * the first minute, with margin (by {@value #BY_SECONDS} s) for the platform to process it.
     */
    @Test
    void with_the_default_speedup_every_incident_including_the_end_of_the_gap_happens_within_the_first_minute() {
        Instant start = Instant.parse("2025-01-15T06:00:00Z");
        Route route = Route.of(Corridors.mombasaMalaba());
        Map<DeviceId, List<Sent>> sent = drive(fleet, route, start, Duration.ofSeconds(60));
        Instant deadline = start.plusSeconds(BY_SECONDS);
        double halfWidthKm = 1.0; // the demo corridor is 2 km wide (DemoFleet.CORRIDOR_WIDTH_METERS)

        Sent leftCorridor = sent.get(fleet.get(0).id()).stream()
                .filter(s -> route.distanceFromRouteKm(s.report().position()) > halfWidthKm)
                .findFirst()
                .orElseThrow(() -> new AssertionError("truck 1 never left its corridor in the first minute"));
        assertThat(leftCorridor.at()).isBefore(deadline);

        Sent tamper = sent.get(fleet.get(1).id()).stream()
                .filter(s -> s.report().alarms().contains(Alarm.TAMPER))
                .findFirst()
                .orElseThrow(() -> new AssertionError("truck 2's seal was not tampered with in the first minute"));
        assertThat(tamper.at()).isBefore(deadline);

        List<Sent> gapTruck = sent.get(fleet.get(2).id());
        Sent firstHistory = gapTruck.stream()
                .filter(s -> s.report().history())
                .findFirst()
                .orElseThrow(() -> new AssertionError("truck 3's buffered history did not arrive in the first minute"));
        Sent lastBeforeSilence = gapTruck.get(gapTruck.indexOf(firstHistory) - 1);
        Duration maxGap = DemoFleet.maxReportingGap(fleet.get(2), Duration.ofSeconds(45));
        // The platform raises REPORTING_GAP on its 1-s clock once maxGap has passed since the last report arrived,
        // and REPORTING_RESUMED with the burst: the burst must come well after the alert, and both before the deadline.
        Instant gapAlert = lastBeforeSilence.at().plus(maxGap).plusSeconds(1);
        assertThat(firstHistory.at()).isAfter(gapAlert.plusSeconds(5)).isBefore(deadline);
        List<Report> history = gapTruck.stream()
                .filter(s -> s.at().equals(firstHistory.at()))
                .map(Sent::report)
                .toList();
        assertThat(history.getLast().history())
                .as("the burst ends with a live report")
                .isFalse();
        assertThat(history.subList(0, history.size() - 1))
                .hasSizeGreaterThan(5)
                .allSatisfy(r -> assertThat(r.history()).isTrue())
                .allSatisfy(r -> assertThat(r.deviceTime())
                        .isAfter(lastBeforeSilence.at())
                        .isBefore(firstHistory.at()));
    }

    /** A report and the real time it was sent. */
    record Sent(Instant at, Report report) {}

    /** What each truck sends, tick by tick from {@code start}, as the simulator's ticker does, for {@code duration}. */
    private static Map<DeviceId, List<Sent>> drive(
            List<SimulatedDevice> fleet, Route route, Instant start, Duration duration) {
        Map<DeviceId, List<Sent>> sent = new LinkedHashMap<>();
        List<TruckRun> runs = fleet.stream()
                .map(truck -> new TruckRun(truck, route, start, SimulatorConfig.DEFAULT_SPEEDUP))
                .toList();
        for (Instant now = start;
                !now.isAfter(start.plus(duration));
                now = now.plus(SimulatorConfig.DEFAULT_REPORT_INTERVAL)) {
            for (TruckRun run : runs) {
                for (Report report : run.tick(now)) {
                    sent.computeIfAbsent(run.device().id(), id -> new ArrayList<>())
                            .add(new Sent(now, report));
                }
            }
        }
        return sent;
    }

    @Test
    void given_keys_are_used_in_order() {
        List<DeviceKey> keys = List.of(
                new DeviceKey(DeviceId.of("SEAL-A"), new byte[] {1, 2}),
                new DeviceKey(DeviceId.of("SEAL-B"), new byte[] {3}));

        List<SimulatedDevice> two = DemoFleet.create(keys);

        assertThat(two).extracting(SimulatedDevice::id).containsExactly(DeviceId.of("SEAL-A"), DeviceId.of("SEAL-B"));
        assertThat(two.get(1).key()).containsExactly(3);
    }

    @Test
    void an_empty_fleet_is_refused() {
        assertThatThrownBy(() -> DemoFleet.create(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_trucks_movement_follows_the_whole_corridor_from_the_port_to_the_border_post() {
        MovementPlan plan = DemoFleet.movementPlan("KEMBA-SIM", DeviceId.of("SIM-0002"), 2, 1700000000L, 45);

        assertThat(plan.reference()).isEqualTo("KEMBA-SIM-0002-1700000000");
        assertThat(plan.deviceId()).isEqualTo(DeviceId.of("SIM-0002"));
        assertThat(plan.vehicle()).isEqualTo("KDC 002A / ZF 4002");
        MovementPlan.RoutePlan route = plan.routePlan();
        assertThat(route.path()).isEqualTo(Corridors.mombasaMalaba());
        assertThat(route.pathPairs().getFirst())
                .containsExactly(
                        route.path().getFirst().latitude(),
                        route.path().getFirst().longitude());
        assertThat(route.corridorWidthMeters()).isEqualTo(2000);
        assertThat(route.origin().name()).contains("Mombasa");
        assertThat(route.origin().centre()).isEqualTo(Corridors.mombasaMalaba().getFirst());
        assertThat(route.destination().name()).contains("Malaba");
        assertThat(route.maxReportingGapSeconds()).isEqualTo(45);
        assertThat(DemoFleet.deviceId("SIM-", 12)).isEqualTo(DeviceId.of("SIM-0012"));
        assertThat(DemoFleet.incidentOf(1)).contains("corridor");
        assertThat(DemoFleet.incidentOf(4)).isEmpty();
    }
}
