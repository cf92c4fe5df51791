package org.openects.server.monitoring.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.openects.domain.GeoPosition;
import org.openects.domain.Report;
import org.openects.rules.MonitoringEvent;
import org.openects.rules.MovementMonitor;
import org.openects.server.live.LiveHub;
import org.openects.server.live.LiveMessage;
import org.openects.server.monitoring.AlertState;
import org.openects.server.monitoring.internal.Rows.AlertRow;
import org.openects.server.monitoring.internal.Rows.EventRow;
import org.openects.server.monitoring.internal.Rows.ReportRow;
import org.openects.server.monitoring.internal.Rows.Source;
import org.openects.server.movements.Movement;
import org.openects.server.movements.MovementDirectory;
import org.openects.server.shared.BatchWorker;
import org.openects.server.shared.TimeOrderedIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition of the {@link MonitoringEngine}: the handler of one thread of its {@link BatchWorker}, owning the
 * {@link MovementMonitor}s of its movements (those whose device it is given), so that a movement's reports are handled
 * in order and its state lives in exactly one place. It runs the rules on each report and on each clock tick, queues
 * the rows they give to the {@link BatchWriter}, publishes to the {@link LiveHub} and keeps the movements' {@link
 * LiveStatus}.
 */
final class MonitoringPartition implements BatchWorker.Handler<MonitoringPartition.Work> {

    private static final Logger log = LoggerFactory.getLogger(MonitoringPartition.class);

    /** What a partition is given: report batches and clock ticks. */
    sealed interface Work permits Batch, Tick {}

    /**
     * Reports to handle in order; the reports of one raw message are together.
     *
     * @param stored how many of the first reports have their row already (replay)
     * @param replay derived again after a restart
     */
    record Batch(List<Report> reports, int stored, boolean replay) implements Work {

        Batch(List<Report> reports) {
            this(reports, 0, false);
        }
    }

    /** A clock tick: the timer-driven rules are evaluated at {@code now}. */
    record Tick(Instant now) implements Work {}

    private record Supervised(Movement movement, MovementMonitor monitor) {}

    private final int index;
    private final int partitionCount;
    private final MovementDirectory movements;
    private final BatchWriter writer;
    private final LiveHub live;
    private final Map<Long, LiveStatus> status;
    private final Map<Long, Supervised> supervised = new HashMap<>();
    /** Active movements whose route plan the rules refused; warned about once, their reports stored. */
    private final Set<Long> unmonitorable = new HashSet<>();

    /**
     * @param index this partition's index
     * @param partitionCount how many there are (a movement belongs to the partition of its device's hash)
     * @param status every movement's live status, shared with the engine
     */
    MonitoringPartition(
            int index,
            int partitionCount,
            MovementDirectory movements,
            BatchWriter writer,
            LiveHub live,
            Map<Long, LiveStatus> status) {
        this.index = index;
        this.partitionCount = partitionCount;
        this.movements = movements;
        this.writer = writer;
        this.live = live;
        this.status = status;
    }

    @Override
    public void handle(List<Work> batch) {
        for (Work work : batch) {
            switch (work) {
                case Batch reports -> {
                    long previous = 0;
                    int place = 0;
                    for (int i = 0; i < reports.reports().size(); i++) {
                        Report report = reports.reports().get(i);
                        place = report.rawMessageId() == previous ? place + 1 : 0;
                        previous = report.rawMessageId();
                        handle(report, place, reports.replay(), i < reports.stored());
                    }
                }
                case Tick tick -> clock(tick.now());
            }
        }
    }

    /**
     * Runs the rules on one report and queues its rows: its events and alerts first, its report row last (even
     * when the rules fail), so that the report row being written means all it derived is written.
     *
     * @param place the report's place among the reports of its raw message
     * @param replay derived again after a restart
     * @param stored its row exists already (replayed)
     */
    private void handle(Report report, int place, boolean replay, boolean stored) {
        Movement movement = null;
        try {
            movement = movements.activeFor(report.deviceId()).orElse(null);
            if (movement != null) {
                derive(movement, report, new Source(report.rawMessageId(), place, replay));
            }
        } catch (RuntimeException e) {
            log.error(
                    "Monitoring partition {}: the rules failed on a report of {}; the report is stored",
                    this.index,
                    report.deviceId(),
                    e);
        } finally {
            writer.add(new ReportRow(TimeOrderedIds.next(), movement == null ? null : movement.id(), report, stored));
        }
    }

    private void derive(Movement movement, Report report, Source source) {
        Supervised s = supervise(movement);
        if (s == null) {
            return;
        }
        List<MonitoringEvent> events = s.monitor.onReport(report);
        if (!report.history()) {
            LiveStatus previous = status.getOrDefault(movement.id(), LiveStatus.NONE);
            GeoPosition position = report.position() != null ? report.position() : previous.position();
            status.put(
                    movement.id(),
                    new LiveStatus(
                            report.deviceTime(),
                            position,
                            report.seal().name(),
                            s.monitor.state().latest().insideCorridor(),
                            previous.openAlerts()));
        }
        if (report.position() != null) {
            live.publish(new LiveMessage(
                    "position",
                    new PositionUpdate(
                            movement.id(),
                            report.deviceId().value(),
                            report.position().latitude(),
                            report.position().longitude(),
                            report.deviceTime(),
                            report.seal().name(),
                            report.history(),
                            report.trust().name()),
                    movement.traderOrganisationId(),
                    movement.transporterOrganisationId()));
        }
        record(movement, events, source);
    }

    private void clock(Instant now) {
        Set<Long> mine = new HashSet<>();
        for (Movement movement : movements.active()) {
            if (Math.floorMod(movement.primaryDeviceId().hashCode(), partitionCount) != index) {
                continue;
            }
            mine.add(movement.id());
            Supervised s = supervise(movement);
            if (s != null) {
                record(movement, s.monitor.onClock(now), null);
            }
        }
        // a movement released or cancelled since the last tick: its rules stop with it
        supervised.keySet().retainAll(mine);
        unmonitorable.retainAll(mine);
    }

    /**
     * The movement's rules, built on first use; their reporting-gap clock starts then (at the movement's start, or
     * when the server restarts). Null for a route plan the rules cannot take: the API refuses those, but a row
     * written before it did, or by hand, must not stop the partition.
     */
    private @Nullable Supervised supervise(Movement movement) {
        Supervised s = supervised.get(movement.id());
        if (s == null && !unmonitorable.contains(movement.id())) {
            try {
                s = new Supervised(
                        movement, new MovementMonitor(movement.routePlan().toRoutePlan(), Instant.now()));
                supervised.put(movement.id(), s);
            } catch (IllegalArgumentException e) {
                unmonitorable.add(movement.id());
                log.warn(
                        "Movement {} ({}) is not monitored: its route plan is invalid: {}",
                        movement.id(),
                        movement.reference(),
                        e.getMessage());
            }
        }
        return s;
    }

    private void record(Movement movement, List<MonitoringEvent> events, @Nullable Source reportSource) {
        Set<String> keyed = new HashSet<>(); // a report's source goes with one event of each type (unique)
        for (MonitoringEvent event : events) {
            Source source = reportSource != null && keyed.add(event.type().name()) ? reportSource : null;
            Instant now = Instant.now();
            long eventId = TimeOrderedIds.next();
            GeoPosition p = event.position();
            Double lat = p == null ? null : p.latitude();
            Double lon = p == null ? null : p.longitude();
            String type = event.type().name();
            String severity = event.severity().name();
            writer.add(new EventRow(
                    eventId,
                    movement.id(),
                    movement.primaryDeviceId(),
                    type,
                    severity,
                    event.at(),
                    lat,
                    lon,
                    event.late(),
                    event.detail(),
                    now,
                    source));
            live.publish(new LiveMessage(
                    "event",
                    new EventView(
                            eventId,
                            movement.id(),
                            type,
                            severity,
                            event.at(),
                            lat,
                            lon,
                            event.late(),
                            event.detail(),
                            event.type().raisesAlert()),
                    movement.traderOrganisationId(),
                    movement.transporterOrganisationId()));
            if (event.type().raisesAlert()) {
                long alertId = TimeOrderedIds.next();
                writer.add(new AlertRow(
                        alertId,
                        movement.id(),
                        eventId,
                        movement.primaryDeviceId(),
                        type,
                        severity,
                        AlertState.OPEN,
                        event.at(),
                        lat,
                        lon,
                        event.late(),
                        event.detail(),
                        now,
                        source));
                status.compute(movement.id(), (id, s) -> {
                    LiveStatus old = s == null ? LiveStatus.NONE : s;
                    return new LiveStatus(
                            old.lastReportAt(), old.position(), old.seal(), old.insideCorridor(), old.openAlerts() + 1);
                });
                live.publish(new LiveMessage(
                        "alert",
                        new AlertView(
                                alertId,
                                movement.id(),
                                movement.reference(),
                                movement.primaryDeviceId(),
                                type,
                                severity,
                                AlertState.OPEN,
                                event.at(),
                                lat,
                                lon,
                                event.late(),
                                event.detail(),
                                null,
                                null,
                                null,
                                null),
                        movement.traderOrganisationId(),
                        movement.transporterOrganisationId()));
                log.info(
                        "Alert {} {} on movement {} ({})",
                        severity,
                        type,
                        movement.reference(),
                        event.late() ? "late" : "live");
            }
        }
    }
}
