package org.openects.rules;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Reporting gap, driven by the clock. Once {@link RoutePlan#maxReportingGap()} has elapsed since the last report
 * arrived (by receive time, live or buffered, or since monitoring started) and nothing else has, {@link #onClock}
 * raises {@link EventType#REPORTING_GAP} once. The next report to arrive raises {@link EventType#REPORTING_RESUMED}.
 */
public final class ReportingGapRule implements Rule {

    @Override
    public void onReport(Observation observation, List<MonitoringEvent> events) {
        MovementState state = observation.state();
        Instant receivedAt = observation.report().receivedAt();
        Instant previous = state.lastReceivedAt();
        if (receivedAt.isAfter(previous)) {
            state.lastReceivedAt(receivedAt);
        }
        if (state.gapOpen()) {
            state.gapOpen(false);
            events.add(MonitoringEvent.of(
                    EventType.REPORTING_RESUMED,
                    receivedAt,
                    observation.fix(),
                    false,
                    "reporting resumed after " + Duration.between(previous, receivedAt) + " without reports"));
        }
    }

    @Override
    public void onClock(Instant now, MovementState state, RoutePlan plan, List<MonitoringEvent> events) {
        if (!state.gapOpen() && !now.isBefore(nextDeadline(state, plan))) {
            state.gapOpen(true);
            events.add(MonitoringEvent.of(
                    EventType.REPORTING_GAP,
                    now,
                    state.latest().position(),
                    false,
                    "nothing received for " + seconds(Duration.between(state.lastReceivedAt(), now))
                            + " since " + state.lastReceivedAt().truncatedTo(ChronoUnit.SECONDS)
                            + " (maximum gap " + seconds(plan.maxReportingGap()) + ")"));
        }
    }

    private static String seconds(Duration duration) {
        return duration.toSeconds() + " s";
    }

    @Override
    public Instant nextDeadline(MovementState state, RoutePlan plan) {
        return state.gapOpen() ? Instant.MAX : state.lastReceivedAt().plus(plan.maxReportingGap());
    }
}
