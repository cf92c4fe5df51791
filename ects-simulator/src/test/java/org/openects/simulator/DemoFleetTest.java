package org.openects.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openects.domain.DeviceId;
import org.openects.simulator.route.Route;

class DemoFleetTest {

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
        assertThat(fleet.get(2).incidents())
                .singleElement()
                .isInstanceOfSatisfying(
                        Incident.SignalGap.class, gap -> assertThat(gap.gap()).isGreaterThan(Duration.ofSeconds(60)));
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
    void with_the_default_speedup_the_deviation_and_the_tamper_happen_within_the_first_minute() {
        Instant start = Instant.parse("2025-01-15T06:00:00Z");
        Route route = Route.of(Corridors.mombasaMalaba());
        Instant oneMinute = start.plusSeconds(60);
        TruckRun deviating = new TruckRun(fleet.get(0), route, start, SimulatorConfig.DEFAULT_SPEEDUP);
        TruckRun tampered = new TruckRun(fleet.get(1), route, start, SimulatorConfig.DEFAULT_SPEEDUP);

        assertThat(deviating.drivenKm(oneMinute))
                .isGreaterThan(DemoFleet.DEVIATION_AT_KM + DemoFleet.DEVIATION_LENGTH_KM);
        assertThat(tampered.drivenKm(oneMinute)).isGreaterThan(DemoFleet.TAMPER_AT_KM);
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
