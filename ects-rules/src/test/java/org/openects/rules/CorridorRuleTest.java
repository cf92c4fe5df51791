package org.openects.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.openects.rules.Reports.DEPARTURE;
import static org.openects.rules.Reports.aReport;
import static org.openects.rules.TestRoute.aRoutePlan;

import java.util.List;
import org.junit.jupiter.api.Test;

class CorridorRuleTest {

    private final MovementMonitor monitor = monitorWith(new CorridorRule());

    private static MovementMonitor monitorWith(CorridorRule rule) {
        return new MovementMonitor(aRoutePlan(), DEPARTURE, List.of(rule));
    }

    @Test
    void aVehicleInsideItsCorridorRaisesNothing() {
        assertThat(monitor.onReport(aReport().atMinute(1).offRoute(5, 450).build()))
                .isEmpty();
        assertThat(monitor.state().latest().insideCorridor()).isTrue();
    }

    @Test
    void oneReportOutsideTheCorridorIsEnoughToLeaveIt() {
        var outside = TestRoute.offRoute(10, 600);

        var events = monitor.onReport(aReport().atMinute(12).at(outside).build());

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(EventType.CORRIDOR_LEFT);
            assertThat(event.severity()).isEqualTo(Severity.HIGH);
            assertThat(event.raisesAlert()).isTrue();
            assertThat(event.at()).isEqualTo(Reports.minute(12));
            assertThat(event.position()).isEqualTo(outside);
            assertThat(event.late()).isFalse();
            assertThat(event.detail()).contains("600 m from the centreline");
        });
        assertThat(monitor.state().latest().insideCorridor()).isFalse();
    }

    @Test
    void stayingOutsideRaisesNothingMore() {
        monitor.onReport(aReport().atMinute(1).offRoute(10, 600).build());

        assertThat(monitor.onReport(aReport().atMinute(2).offRoute(11, 2_000).build()))
                .isEmpty();
    }

    @Test
    void comingBackJustInsideTheEdgeIsNotYetAReturn() {
        monitor.onReport(aReport().atMinute(1).offRoute(10, 600).build());

        assertThat(monitor.onReport(aReport().atMinute(2).offRoute(10.5, 490).build()))
                .isEmpty();
        assertThat(monitor.state().latest().insideCorridor()).isFalse();
    }

    @Test
    void comingBackInsideByTheMarginIsAReturn() {
        monitor.onReport(aReport().atMinute(1).offRoute(10, 600).build());

        var events = monitor.onReport(aReport().atMinute(2).offRoute(10.5, -470).build());

        assertThat(events).extracting(MonitoringEvent::type).containsExactly(EventType.CORRIDOR_RETURNED);
        assertThat(events.getFirst().raisesAlert()).isFalse();
        assertThat(monitor.state().latest().insideCorridor()).isTrue();
    }

    @Test
    void withoutAMarginTheEdgeItselfIsAReturn() {
        var monitor = monitorWith(new CorridorRule(0));
        monitor.onReport(aReport().atMinute(1).offRoute(10, 600).build());

        assertThat(monitor.onReport(aReport().atMinute(2).offRoute(10.5, 499).build()))
                .extracting(MonitoringEvent::type)
                .containsExactly(EventType.CORRIDOR_RETURNED);
    }

    @Test
    void theMarginIsCappedAtAQuarterOfTheWidth() {
        var monitor = monitorWith(new CorridorRule(10_000));
        monitor.onReport(aReport().atMinute(1).offRoute(10, 600).build());

        assertThat(monitor.onReport(aReport().atMinute(2).offRoute(10.5, 260).build()))
                .isEmpty();
        assertThat(monitor.onReport(aReport().atMinute(3).offRoute(11, 240).build()))
                .extracting(MonitoringEvent::type)
                .containsExactly(EventType.CORRIDOR_RETURNED);
    }

    @Test
    void reportsWithoutAValidFixAreSkipped() {
        assertThat(monitor.onReport(aReport().atMinute(1).withoutPosition().build()))
                .isEmpty();
        assertThat(monitor.onReport(aReport()
                        .atMinute(2)
                        .withInvalidFixAt(TestRoute.offRoute(10, 5_000))
                        .build()))
                .isEmpty();
        assertThat(monitor.state().latest().insideCorridor()).isTrue();
    }

    @Test
    void rejectsANegativeMargin() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new CorridorRule(-1))
                .withMessageStartingWith("returnMarginMeters must be zero or a positive number of metres");
    }
}
