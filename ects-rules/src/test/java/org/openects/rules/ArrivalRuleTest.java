package org.openects.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openects.rules.Reports.DEPARTURE;
import static org.openects.rules.Reports.aReport;
import static org.openects.rules.TestRoute.aRoutePlan;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArrivalRuleTest {

    private final MovementMonitor monitor = new MovementMonitor(aRoutePlan(), DEPARTURE, List.of(new ArrivalRule()));

    @Test
    void enRouteNothingHappens() {
        assertThat(monitor.onReport(aReport().atMinute(10).atKm(10).build())).isEmpty();
        assertThat(monitor.state().latest().atDestination()).isFalse();
        assertThat(monitor.state().arrivedAt()).isNull();
    }

    @Test
    void enteringTheDestinationIsAnArrival() {
        var events = monitor.onReport(
                aReport().atMinute(80).atKm(TestRoute.lengthKm() - 0.3).build());

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(EventType.ARRIVED_AT_DESTINATION);
            assertThat(event.raisesAlert()).isFalse();
            assertThat(event.detail()).isEqualTo("arrived at Inland depot B");
        });
        assertThat(monitor.state().arrivedAt()).isEqualTo(Reports.minute(80));
        assertThat(monitor.state().latest().atDestination()).isTrue();
    }

    @Test
    void aVehicleArrivesOnlyOnceEvenIfItLeavesAndComesBack() {
        monitor.onReport(aReport().atMinute(80).atKm(TestRoute.lengthKm()).build());
        monitor.onReport(aReport().atMinute(85).atKm(TestRoute.lengthKm() - 2).build());

        assertThat(monitor.state().latest().atDestination()).isFalse();
        assertThat(monitor.onReport(
                        aReport().atMinute(90).atKm(TestRoute.lengthKm()).build()))
                .isEmpty();
        assertThat(monitor.state().arrivedAt()).isEqualTo(Reports.minute(80));
    }

    @Test
    void reportsWithoutAFixDoNotMoveTheVehicle() {
        monitor.onReport(aReport().atMinute(80).atKm(TestRoute.lengthKm()).build());

        assertThat(monitor.onReport(aReport().atMinute(81).withoutPosition().build()))
                .isEmpty();
        assertThat(monitor.state().latest().atDestination()).isTrue();
    }
}
