package org.openects.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.openects.domain.GeoPosition;
import org.openects.domain.Report;

/**
 * Follows one movement against its route plan and turns its reports and the passing of time into monitoring events.
 *
 * <p>Not thread safe: the server routes all reports and clock ticks of one movement to one thread at a time, in
 * arrival order. Reports are expected already authenticated and de-duplicated.
 */
public final class MovementMonitor {

    private final RoutePlan plan;
    private final List<Rule> rules;
    private final MovementTracking state;
    private final ArrayList<MonitoringEvent> events = new ArrayList<>(4);

    /** A monitor running the {@linkplain Rules#standard() standard rules}, with the gap timer started at {@code since}. */
    public MovementMonitor(RoutePlan plan, Instant since) {
        this(plan, since, Rules.standard());
    }

    /** A monitor running {@code rules} in order, with the gap timer started at {@code since}. */
    public MovementMonitor(RoutePlan plan, Instant since, List<Rule> rules) {
        this.plan = plan;
        this.rules = List.copyOf(rules);
        this.state = new MovementTracking(since);
    }

    /** The events {@code report} reveals, in rule order; an empty list (not a new one) when nothing happened. */
    public List<MonitoringEvent> onReport(Report report) {
        boolean newest = state.isNewest(report.deviceTime());
        MovementTracking.Track track = state.trackFor(report.deviceTime());
        @Nullable GeoPosition fix = report.validFix() ? report.position() : null;
        Observation observation = new Observation(report, fix, track, report.history() || !newest, plan, state);
        for (int i = 0; i < rules.size(); i++) {
            rules.get(i).onReport(observation, events);
        }
        track.advance(report.deviceTime(), fix);
        return drain();
    }

    /** The events the passing of time reveals at {@code now} (a reporting gap); an empty list when none. */
    public List<MonitoringEvent> onClock(Instant now) {
        for (int i = 0; i < rules.size(); i++) {
            rules.get(i).onClock(now, state, plan, events);
        }
        return drain();
    }

    /**
     * The earliest instant at which {@link #onClock} will find something, or {@link Instant#MAX} when nothing is due
     * until the next report. Changes after each call to {@link #onReport} or {@link #onClock}.
     */
    public Instant nextDeadline() {
        Instant earliest = Instant.MAX;
        for (int i = 0; i < rules.size(); i++) {
            Instant deadline = rules.get(i).nextDeadline(state, plan);
            if (deadline.isBefore(earliest)) {
                earliest = deadline;
            }
        }
        return earliest;
    }

    public RoutePlan plan() {
        return plan;
    }

    /** What the monitor tracks of the movement, to read only. */
    public MovementTracking state() {
        return state;
    }

    private List<MonitoringEvent> drain() {
        if (events.isEmpty()) {
            return List.of();
        }
        List<MonitoringEvent> found = List.copyOf(events);
        events.clear();
        return found;
    }
}
