package org.openects.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openects.rules.Reports.DEPARTURE;
import static org.openects.rules.Reports.aReport;
import static org.openects.rules.Reports.minute;
import static org.openects.rules.TestRoute.aRoutePlan;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The route plan allows 30 minutes without reports. */
class ReportingGapRuleTest {

    private final MovementMonitor monitor =
            new MovementMonitor(aRoutePlan(), DEPARTURE, List.of(new ReportingGapRule()));

    @Test
    void aDeviceThatNeverReportsIsInAGapOnceTheMaximumHasElapsedSinceMonitoringStarted() {
        assertThat(monitor.nextDeadline()).isEqualTo(minute(30));
        assertThat(monitor.onClock(minute(29))).isEmpty();

        var events = monitor.onClock(minute(30));

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(EventType.REPORTING_GAP);
            assertThat(event.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(event.raisesAlert()).isTrue();
            assertThat(event.at()).isEqualTo(minute(30));
            assertThat(event.late()).isFalse();
        });
    }

    @Test
    void theTimerRestartsWithEveryReportByItsReceiveTime() {
        monitor.onReport(aReport().atMinute(10).receivedAtMinute(12).build());

        assertThat(monitor.nextDeadline()).isEqualTo(minute(42));
        assertThat(monitor.onClock(minute(41))).isEmpty();
        assertThat(monitor.onClock(minute(42)))
                .extracting(MonitoringEvent::type)
                .containsExactly(EventType.REPORTING_GAP);
    }

    @Test
    void aGapIsRaisedOnceHoweverOftenTheClockTicks() {
        monitor.onClock(minute(31));

        assertThat(monitor.onClock(minute(40))).isEmpty();
        assertThat(monitor.onClock(minute(400))).isEmpty();
        assertThat(monitor.nextDeadline()).isEqualTo(Instant.MAX);
    }

    @Test
    void theNextReportToArriveEndsTheGap() {
        monitor.onReport(aReport().atMinute(5).build());
        monitor.onClock(minute(40));

        var events =
                monitor.onReport(aReport().atMinute(50).receivedAtMinute(51).build());

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(EventType.REPORTING_RESUMED);
            assertThat(event.raisesAlert()).isFalse();
            assertThat(event.at()).isEqualTo(minute(51));
            assertThat(event.late()).isFalse();
        });
        assertThat(monitor.state().gapOpen()).isFalse();
        assertThat(monitor.nextDeadline()).isEqualTo(minute(81));
    }

    @Test
    void bufferedHistoryArrivingAlsoEndsTheGapAndKeepsTheDeviceAlive() {
        monitor.onClock(minute(31));

        var events = monitor.onReport(
                aReport().atMinute(20).receivedAtMinute(45).fromHistory().build());

        assertThat(events).extracting(MonitoringEvent::type).containsExactly(EventType.REPORTING_RESUMED);
        assertThat(monitor.nextDeadline()).isEqualTo(minute(75));
    }

    @Test
    void anOldDeviceTimeReceivedNowCountsAsArrivingNow() {
        monitor.onReport(
                aReport().atMinute(-120).receivedAtMinute(25).fromHistory().build());

        assertThat(monitor.onClock(minute(50))).isEmpty();
        assertThat(monitor.state().lastReceivedAt()).isEqualTo(minute(25));
    }

    @Test
    void aReportReceivedEarlierThanTheLastDoesNotWindTheTimerBack() {
        monitor.onReport(aReport().atMinute(20).receivedAtMinute(20).build());
        monitor.onReport(aReport().atMinute(10).receivedAtMinute(11).build());

        assertThat(monitor.nextDeadline()).isEqualTo(minute(20).plus(Duration.ofMinutes(30)));
    }

    @Test
    void anIdentifiedOnlyReportAfterAGapIsAnUnconfirmedResumptionAndTheGapStaysOpen() {
        monitor.onClock(minute(30));

        var events = monitor.onReport(
                aReport().atMinute(40).receivedAtMinute(41).identifiedOnly().build());

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(EventType.REPORTING_RESUMED_UNCONFIRMED);
            assertThat(event.raisesAlert()).isFalse();
            assertThat(event.at()).isEqualTo(minute(41));
            assertThat(event.detail()).contains("IDENTIFIED", "the gap stays open");
        });
        assertThat(monitor.state().gapOpen()).isTrue();
        assertThat(monitor.state().unconfirmedSince()).isEqualTo(minute(41));
        assertThat(monitor.onReport(aReport()
                        .atMinute(45)
                        .receivedAtMinute(46)
                        .identifiedOnly()
                        .build()))
                .as("one unconfirmed resumption per gap")
                .isEmpty();
        assertThat(monitor.state().gapOpen()).isTrue();
    }

    @Test
    void aSignedReportAfterUnconfirmedOnesClosesTheGap() {
        monitor.onClock(minute(30));
        monitor.onReport(
                aReport().atMinute(40).receivedAtMinute(41).identifiedOnly().build());

        var events =
                monitor.onReport(aReport().atMinute(50).receivedAtMinute(51).build());

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(EventType.REPORTING_RESUMED);
            assertThat(event.detail()).contains("confirmed by a SIGNED report");
        });
        assertThat(monitor.state().gapOpen()).isFalse();
        assertThat(monitor.state().unconfirmedSince()).isNull();
        assertThat(monitor.nextDeadline()).isEqualTo(minute(81));
    }

    @Test
    void aChannelAuthenticatedReportClosesTheGapToo() {
        monitor.onClock(minute(30));

        var events = monitor.onReport(aReport()
                .atMinute(40)
                .receivedAtMinute(41)
                .trust(org.openects.domain.TrustLevel.CHANNEL_AUTHENTICATED)
                .build());

        assertThat(events).extracting(MonitoringEvent::type).containsExactly(EventType.REPORTING_RESUMED);
        assertThat(monitor.state().gapOpen()).isFalse();
    }

    @Test
    void silenceAgainAfterAnUnconfirmedResumptionRaisesTheGapAgain() {
        monitor.onClock(minute(30));
        monitor.onReport(
                aReport().atMinute(40).receivedAtMinute(41).identifiedOnly().build());

        assertThat(monitor.nextDeadline())
                .as("the timer runs again from the identified report")
                .isEqualTo(minute(71));
        assertThat(monitor.onClock(minute(70))).isEmpty();
        assertThat(monitor.onClock(minute(71)))
                .extracting(MonitoringEvent::type)
                .containsExactly(EventType.REPORTING_GAP);
        assertThat(monitor.nextDeadline()).isEqualTo(Instant.MAX);

        assertThat(monitor.onReport(aReport()
                        .atMinute(80)
                        .receivedAtMinute(81)
                        .identifiedOnly()
                        .build()))
                .extracting(MonitoringEvent::type)
                .containsExactly(EventType.REPORTING_RESUMED_UNCONFIRMED);
    }

    @Test
    void identifiedReportsWithoutAGapRaiseNothing() {
        assertThat(monitor.onReport(aReport()
                        .atMinute(10)
                        .receivedAtMinute(10)
                        .identifiedOnly()
                        .build()))
                .isEmpty();
        assertThat(monitor.nextDeadline()).isEqualTo(minute(40));
    }
}
