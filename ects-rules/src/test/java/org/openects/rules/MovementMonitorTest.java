package org.openects.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.openects.rules.Reports.aReport;
import static org.openects.rules.Reports.minute;
import static org.openects.rules.Trip.aTrip;

import org.junit.jupiter.api.Test;
import org.openects.domain.SealState;

/** End-to-end drives along the 60 km test route, one kilometre a minute, with a 30 minute maximum reporting gap. */
class MovementMonitorTest {

    @Test
    void aCleanTripEndsWithAnArrivalAndAnExpectedOpeningAndNoAlert() {
        var trip = aTrip().driveLive(0, 60, SealState.CLOSED)
                .report(aReport().atMinute(62).atKm(TestRoute.lengthKm()).sealOpen());

        assertThat(trip.events())
                .extracting(MonitoringEvent::type, MonitoringEvent::at)
                .containsExactly(
                        tuple(EventType.ARRIVED_AT_DESTINATION, minute(60)),
                        tuple(EventType.SEAL_OPENED_AT_DESTINATION, minute(62)));
        assertThat(trip.events()).noneMatch(MonitoringEvent::raisesAlert);
    }

    @Test
    void aDeviationRaisesOneAlertOnLeavingAndANoticeOnReturning() {
        var trip = aTrip().driveLive(0, 20, SealState.CLOSED)
                .report(aReport().atMinute(25).offRoute(25, 2_000))
                .report(aReport().atMinute(30).offRoute(30, 2_500))
                .report(aReport().atMinute(35).atKm(35))
                .driveLive(40, 60, SealState.CLOSED);

        assertThat(trip.events())
                .extracting(MonitoringEvent::type, MonitoringEvent::at, MonitoringEvent::late)
                .containsExactly(
                        tuple(EventType.CORRIDOR_LEFT, minute(25), false),
                        tuple(EventType.CORRIDOR_RETURNED, minute(35), false),
                        tuple(EventType.ARRIVED_AT_DESTINATION, minute(60), false));
    }

    @Test
    void tamperingMidRouteIsOneCriticalAlert() {
        var trip = aTrip().driveLive(0, 25, SealState.CLOSED).driveLive(30, 60, SealState.TAMPERED);

        assertThat(trip.events())
                .extracting(MonitoringEvent::type, MonitoringEvent::severity, MonitoringEvent::at)
                .containsExactly(
                        tuple(EventType.SEAL_TAMPERED, Severity.CRITICAL, minute(30)),
                        tuple(EventType.ARRIVED_AT_DESTINATION, Severity.INFO, minute(60)));
    }

    @Test
    void openingTheSealBeforeTheDestinationIsAnAlertThoughTheVehicleArrivesLater() {
        var trip = aTrip().driveLive(0, 50, SealState.CLOSED).driveLive(55, 65, SealState.OPEN);

        assertThat(trip.events())
                .extracting(MonitoringEvent::type, MonitoringEvent::raisesAlert)
                .containsExactly(tuple(EventType.SEAL_OPENED, true), tuple(EventType.ARRIVED_AT_DESTINATION, false));
    }

    @Test
    void aCoverageGapFollowedByABurstOfHistoryRevealsWhatHappenedAsLateEvents() {
        var trip = aTrip().driveLive(0, 20, SealState.CLOSED).clockAtMinute(51);
        assertThat(trip.events())
                .extracting(MonitoringEvent::type, MonitoringEvent::at)
                .containsExactly(tuple(EventType.REPORTING_GAP, minute(51)));

        trip.report(history(25, 25).sealed())
                .report(history(30, 30).sealed())
                .report(history(35, 35).sealed())
                .report(history(40, 38).sealOpen())
                .report(aReport()
                        .atMinute(45)
                        .offRoute(40, 3_000)
                        .receivedAtMinute(70)
                        .fromHistory()
                        .sealOpen())
                .report(history(50, 42).sealOpen())
                .report(history(55, 45).sealOpen())
                .report(aReport().atMinute(70).atKm(55).sealOpen());

        assertThat(trip.events())
                .extracting(MonitoringEvent::type, MonitoringEvent::at, MonitoringEvent::late)
                .containsExactly(
                        tuple(EventType.REPORTING_GAP, minute(51), false),
                        tuple(EventType.REPORTING_RESUMED, minute(70), false),
                        tuple(EventType.SEAL_OPENED, minute(40), true),
                        tuple(EventType.CORRIDOR_LEFT, minute(45), true),
                        tuple(EventType.CORRIDOR_RETURNED, minute(50), true));
        MovementTracking.Track latest = trip.monitor().state().latest();
        assertThat(latest.deviceTime()).isEqualTo(minute(70));
        assertThat(latest.position()).isEqualTo(TestRoute.atKm(55));
        assertThat(latest.seal()).isEqualTo(SealState.OPEN);
        assertThat(latest.insideCorridor()).isTrue();
    }

    @Test
    void historyArrivingAfterTheLiveReportRevealsTheDeviationWithoutRewindingThePresent() {
        var trip = aTrip().driveLive(0, 20, SealState.CLOSED)
                .clockAtMinute(51)
                .report(aReport().atMinute(70).atKm(55).receivedAtMinute(70))
                .report(history(30, 30))
                .report(aReport()
                        .atMinute(40)
                        .offRoute(40, 3_000)
                        .receivedAtMinute(70)
                        .fromHistory())
                .report(aReport()
                        .atMinute(50)
                        .offRoute(45, 3_000)
                        .receivedAtMinute(70)
                        .fromHistory())
                .report(history(60, 50));

        assertThat(trip.events())
                .extracting(MonitoringEvent::type, MonitoringEvent::at, MonitoringEvent::late)
                .containsExactly(
                        tuple(EventType.REPORTING_GAP, minute(51), false),
                        tuple(EventType.REPORTING_RESUMED, minute(70), false),
                        tuple(EventType.CORRIDOR_LEFT, minute(40), true),
                        tuple(EventType.CORRIDOR_RETURNED, minute(60), true));
        MovementTracking.Track latest = trip.monitor().state().latest();
        assertThat(latest.deviceTime()).isEqualTo(minute(70));
        assertThat(latest.position()).isEqualTo(TestRoute.atKm(55));
        assertThat(latest.insideCorridor()).isTrue();
    }

    @Test
    void aLateOpeningRestatesOneAlreadyRaisedLiveWithTheTimeItReallyHappened() {
        var trip = aTrip().driveLive(0, 20, SealState.CLOSED)
                .report(aReport().atMinute(70).atKm(55).sealOpen())
                .report(history(30, 30).sealed())
                .report(history(40, 40).sealOpen());

        assertThat(trip.events())
                .extracting(MonitoringEvent::type, MonitoringEvent::at, MonitoringEvent::late)
                .containsExactly(
                        tuple(EventType.SEAL_OPENED, minute(70), false),
                        tuple(EventType.SEAL_OPENED, minute(40), true));
    }

    @Test
    void historyInterleavedWithLiveReportsRaisesEachLateChangeOnce() {
        var trip = aTrip().driveLive(0, 20, SealState.CLOSED)
                .report(aReport().atMinute(70).atKm(55))
                .report(history(25, 25).sealed())
                .report(aReport().atMinute(71).atKm(56))
                .report(history(30, 30).sealOpen())
                .report(aReport().atMinute(72).atKm(57))
                .report(history(35, 35).sealOpen())
                .report(history(40, 40).sealOpen());

        assertThat(trip.events())
                .extracting(MonitoringEvent::type, MonitoringEvent::at, MonitoringEvent::late)
                .containsExactly(tuple(EventType.SEAL_OPENED, minute(30), true));
    }

    @Test
    void aLiveReportOlderThanTheLatestIsTreatedAsLate() {
        var trip = aTrip().report(aReport().atMinute(30).atKm(30))
                .report(aReport().atMinute(10).offRoute(10, 2_000).receivedAtMinute(31));

        assertThat(trip.events())
                .extracting(MonitoringEvent::type, MonitoringEvent::late)
                .containsExactly(tuple(EventType.CORRIDOR_LEFT, true));
        assertThat(trip.monitor().state().latest().position()).isEqualTo(TestRoute.atKm(30));
        assertThat(trip.monitor().state().latest().insideCorridor()).isTrue();
    }

    @Test
    void aReportWithoutPositionStillHasItsSealChecked() {
        var trip = aTrip().driveLive(0, 10, SealState.CLOSED)
                .report(aReport().atMinute(12).withoutPosition().sealOpen());

        assertThat(trip.events())
                .extracting(MonitoringEvent::type, MonitoringEvent::position)
                .containsExactly(tuple(EventType.SEAL_OPENED, null));
        assertThat(trip.monitor().state().latest().position()).isEqualTo(TestRoute.atKm(10));
    }

    @Test
    void nothingHappeningIsAnEmptyUnmodifiableList() {
        var monitor = aTrip().monitor();

        var events = monitor.onReport(aReport().atMinute(1).build());

        assertThat(events).isEmpty();
        assertThatExceptionOfType(UnsupportedOperationException.class)
                .isThrownBy(() -> events.add(MonitoringEvent.of(EventType.CORRIDOR_LEFT, minute(1), null, false, "")));
    }

    @Test
    void eventsReturnedEarlierAreNotChangedByLaterCalls() {
        var monitor = aTrip().monitor();
        var first = monitor.onReport(aReport().atMinute(1).sealOpen().build());

        monitor.onReport(aReport().atMinute(2).offRoute(2, 3_000).build());

        assertThat(first).extracting(MonitoringEvent::type).containsExactly(EventType.SEAL_OPENED);
    }

    @Test
    void theNextDeadlineIsTheReportingGapTimer() {
        var monitor = aTrip().monitor();
        assertThat(monitor.nextDeadline()).isEqualTo(minute(30));

        monitor.onReport(aReport().atMinute(10).receivedAtMinute(11).build());

        assertThat(monitor.nextDeadline()).isEqualTo(minute(41));
    }

    /** A buffered report taken at {@code minute} on the route at {@code km}, received in the burst at minute 70. */
    private static Reports.ReportBuilder history(long minute, double km) {
        return aReport().atMinute(minute).atKm(km).receivedAtMinute(70).fromHistory();
    }
}
