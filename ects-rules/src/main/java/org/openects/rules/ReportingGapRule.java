package org.openects.rules;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.openects.domain.Report;
import org.openects.domain.TrustLevel;

/**
 * Reporting gap, driven by the clock. Once {@link RoutePlan#maxReportingGap()} has elapsed since the last report
 * arrived (by receive time, live or buffered, or since monitoring started) and nothing else has, {@link #onClock}
 * raises {@link EventType#REPORTING_GAP} once.
 *
 * <p>Only a report the platform can trust ends the gap: the next {@code SIGNED} or {@code CHANNEL_AUTHENTICATED}
 * report raises {@link EventType#REPORTING_RESUMED}. A report that is only {@code IDENTIFIED} (a legacy protocol, an
 * unsigned fix: anyone knowing the device id could send it) never closes a gap on its own: the first one raises
 * {@link EventType#REPORTING_RESUMED_UNCONFIRMED} and the gap stays open. It still restarts the timer: should nothing
 * arrive for the maximum gap after it, the gap is raised again, and the next identified report is again an
 * unconfirmed resumption.
 */
public final class ReportingGapRule implements Rule {

    @Override
    public void onReport(Observation observation, List<MonitoringEvent> events) {
        MovementTracking state = observation.state();
        Report report = observation.report();
        Instant receivedAt = report.receivedAt();
        Instant previous = state.lastReceivedAt();
        if (receivedAt.isAfter(previous)) {
            state.lastReceivedAt(receivedAt);
        }
        if (!state.gapOpen()) {
            return;
        }
        if (trusted(report.trust())) {
            Instant unconfirmed = state.unconfirmedSince();
            state.gapOpen(false);
            state.unconfirmedSince(null);
            events.add(MonitoringEvent.of(
                    EventType.REPORTING_RESUMED,
                    receivedAt,
                    observation.fix(),
                    false,
                    "reporting resumed after " + Duration.between(previous, receivedAt) + " without reports"
                            + (unconfirmed == null
                                    ? ""
                                    : " (confirmed by a " + report.trust() + " report; only identified reports since "
                                            + unconfirmed.truncatedTo(ChronoUnit.SECONDS) + ")")));
        } else if (state.unconfirmedSince() == null) {
            state.unconfirmedSince(receivedAt);
            events.add(MonitoringEvent.of(
                    EventType.REPORTING_RESUMED_UNCONFIRMED,
                    receivedAt,
                    observation.fix(),
                    false,
                    "a report only identified by its device id (" + report.trust() + ") arrived after "
                            + Duration.between(previous, receivedAt)
                            + " without reports; the gap stays open until a signed or channel-authenticated report"));
        }
    }

    /** Whether a report of this trust level ends a gap on its own. */
    static boolean trusted(TrustLevel trust) {
        return trust == TrustLevel.SIGNED || trust == TrustLevel.CHANNEL_AUTHENTICATED;
    }

    @Override
    public void onClock(Instant now, MovementTracking state, RoutePlan plan, List<MonitoringEvent> events) {
        if (!now.isBefore(nextDeadline(state, plan))) {
            // A fresh gap, or silence again after an unconfirmed resumption (the gap never closed).
            state.gapOpen(true);
            state.unconfirmedSince(null);
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
    public Instant nextDeadline(MovementTracking state, RoutePlan plan) {
        // An open gap waits for a report; after an unconfirmed resumption, for silence again.
        return state.gapOpen() && state.unconfirmedSince() == null
                ? Instant.MAX
                : state.lastReceivedAt().plus(plan.maxReportingGap());
    }
}
