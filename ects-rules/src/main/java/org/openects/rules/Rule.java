package org.openects.rules;

import java.time.Instant;
import java.util.List;

/**
 * One named monitoring rule. A rule compares a report with the movement's state, updates the part of the state it
 * owns, and appends the events it finds. Rules are called from one thread at a time per movement and must not keep
 * the observation.
 */
public interface Rule {

    /** Examines one report; appends any events to {@code events}. */
    void onReport(Observation observation, List<MonitoringEvent> events);

    /** Examines the passage of time, for rules driven by timers; appends any events to {@code events}. */
    default void onClock(Instant now, MovementTracking state, RoutePlan plan, List<MonitoringEvent> events) {}

    /** When {@link #onClock} would next find something, or {@link Instant#MAX} when it waits for a report. */
    default Instant nextDeadline(MovementTracking state, RoutePlan plan) {
        return Instant.MAX;
    }
}
