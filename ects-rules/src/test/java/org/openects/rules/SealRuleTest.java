package org.openects.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openects.rules.Reports.DEPARTURE;
import static org.openects.rules.Reports.aReport;
import static org.openects.rules.TestRoute.aRoutePlan;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openects.domain.SealState;

class SealRuleTest {

    private final MovementMonitor monitor = new MovementMonitor(aRoutePlan(), DEPARTURE, List.of(new SealRule()));

    @Test
    void aClosedSealRaisesNothing() {
        assertThat(monitor.onReport(aReport().atMinute(1).sealed().build())).isEmpty();
        assertThat(monitor.state().latest().seal()).isEqualTo(SealState.CLOSED);
    }

    @Test
    void openingTheSealOnTheRoadIsACriticalAlert() {
        monitor.onReport(aReport().atMinute(1).atKm(5).sealed().build());

        var events = monitor.onReport(aReport().atMinute(20).atKm(20).sealOpen().build());

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(EventType.SEAL_OPENED);
            assertThat(event.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(event.raisesAlert()).isTrue();
            assertThat(event.at()).isEqualTo(Reports.minute(20));
            assertThat(event.position()).isEqualTo(TestRoute.atKm(20));
        });
    }

    @Test
    void onlyAChangeOfStateRaisesAnEventNotEveryReportRepeatingIt() {
        monitor.onReport(aReport().atMinute(1).sealOpen().build());

        assertThat(monitor.onReport(aReport().atMinute(2).sealOpen().build())).isEmpty();
        assertThat(monitor.onReport(aReport().atMinute(3).sealed().build())).isEmpty();
        assertThat(monitor.onReport(aReport().atMinute(4).sealOpen().build()))
                .extracting(MonitoringEvent::type)
                .containsExactly(EventType.SEAL_OPENED);
    }

    @Test
    void aReportThatDoesNotStateTheSealChangesNothing() {
        monitor.onReport(aReport().atMinute(1).sealOpen().build());

        assertThat(monitor.onReport(aReport().atMinute(2).sealUnknown().build()))
                .isEmpty();
        assertThat(monitor.onReport(aReport().atMinute(3).sealOpen().build())).isEmpty();
        assertThat(monitor.state().latest().seal()).isEqualTo(SealState.OPEN);
    }

    @Test
    void tamperingIsACriticalAlertEvenAtTheDestination() {
        var events = monitor.onReport(aReport()
                .atMinute(90)
                .at(TestRoute.CENTRELINE.getLast())
                .sealTampered()
                .build());

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(EventType.SEAL_TAMPERED);
            assertThat(event.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(event.raisesAlert()).isTrue();
        });
    }

    @Test
    void openingTheSealInsideTheDestinationIsExpected() {
        var events = monitor.onReport(aReport()
                .atMinute(90)
                .at(TestRoute.CENTRELINE.getLast())
                .sealOpen()
                .build());

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(EventType.SEAL_OPENED_AT_DESTINATION);
            assertThat(event.severity()).isEqualTo(Severity.INFO);
            assertThat(event.raisesAlert()).isFalse();
        });
    }

    @Test
    void withoutAFixTheLastKnownPositionDecidesWhetherTheSealIsAtTheDestination() {
        monitor.onReport(
                aReport().atMinute(89).at(TestRoute.CENTRELINE.getLast()).build());

        var events = monitor.onReport(
                aReport().atMinute(90).withoutPosition().sealOpen().build());

        assertThat(events).extracting(MonitoringEvent::type).containsExactly(EventType.SEAL_OPENED_AT_DESTINATION);
        assertThat(events.getFirst().position()).isNull();
    }

    @Test
    void withNoFixEverAnOpeningIsTakenAsAwayFromTheDestination() {
        var events = monitor.onReport(
                aReport().atMinute(1).withoutPosition().sealOpen().build());

        assertThat(events).extracting(MonitoringEvent::type).containsExactly(EventType.SEAL_OPENED);
    }

    @Test
    void anInvalidFixInsideTheDestinationDoesNotExcuseAnOpening() {
        monitor.onReport(aReport().atMinute(1).atKm(10).build());

        var events = monitor.onReport(aReport()
                .atMinute(2)
                .withInvalidFixAt(TestRoute.CENTRELINE.getLast())
                .sealOpen()
                .build());

        assertThat(events).extracting(MonitoringEvent::type).containsExactly(EventType.SEAL_OPENED);
    }
}
