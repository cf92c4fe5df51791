package org.openects.server.monitoring.internal;

import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openects.domain.GeoPosition;
import org.openects.domain.Report;
import org.openects.rules.MonitoringEvent;
import org.openects.rules.MovementMonitor;
import org.openects.server.live.LiveHub;
import org.openects.server.live.LiveMessage;
import org.openects.server.monitoring.AlertState;
import org.openects.server.monitoring.MonitoringProperties;
import org.openects.server.monitoring.ReportIntake;
import org.openects.server.monitoring.internal.Rows.AlertRow;
import org.openects.server.monitoring.internal.Rows.EventRow;
import org.openects.server.monitoring.internal.Rows.ReportRow;
import org.openects.server.monitoring.internal.Rows.Source;
import org.openects.server.movements.Movement;
import org.openects.server.movements.MovementDirectory;
import org.openects.server.movements.MovementStatus;
import org.openects.server.movements.MovementStatusProvider;
import org.openects.server.shared.QueueWatch;
import org.openects.server.shared.TimeOrderedIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * The monitoring hot path. Movements are spread over a fixed number of partitions by device; each partition is one
 * thread that owns its movements' {@link MovementMonitor}s, so a movement's reports are handled in order and its
 * state lives in exactly one place. Work arrives as report batches (from the ingress) and clock ticks (for the
 * timer-driven rules). Results go to the {@link BatchWriter} and the {@link LiveHub}; nothing here waits on the
 * database.
 */
@Component
class MonitoringEngine implements ReportIntake, MovementStatusProvider, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MonitoringEngine.class);
    /** The longest {@link #replay} waits for what it replays to be written. */
    private static final Duration REPLAY_TIMEOUT = Duration.ofMinutes(5);

    private final MovementDirectory movements;
    private final BatchWriter writer;
    private final LiveHub live;
    private final MonitoringProperties properties;
    private final DerivationWatermark watermark;
    private final JdbcTemplate jdbc;
    private final AlertCounts alertCounts;
    private final Partition[] partitions;
    private final Map<Long, LiveStatus> status = new ConcurrentHashMap<>();
    private volatile boolean running;

    /** A movement's status as the list shows it; replaced, never mutated, so readers need no lock. */
    record LiveStatus(
            @Nullable Instant lastReportAt,
            @Nullable GeoPosition position,
            @Nullable String seal,
            boolean insideCorridor,
            int openAlerts) {

        static final LiveStatus NONE = new LiveStatus(null, null, null, true, 0);
    }

    private sealed interface Work permits Batch, Tick {}

    /**
     * Reports to handle in order; the reports of one raw message are together.
     *
     * @param stored how many of the first reports have their row already (replay)
     * @param replay derived again after a restart
     */
    private record Batch(List<Report> reports, int stored, boolean replay) implements Work {

        Batch(List<Report> reports) {
            this(reports, 0, false);
        }
    }

    private record Tick(Instant now) implements Work {}

    MonitoringEngine(
            MovementDirectory movements,
            BatchWriter writer,
            LiveHub live,
            MonitoringProperties properties,
            AlertCounts alertCounts,
            DerivationWatermark watermark,
            JdbcTemplate jdbc,
            MeterRegistry meters) {
        this.watermark = watermark;
        this.jdbc = jdbc;
        this.alertCounts = alertCounts;
        this.movements = movements;
        this.writer = writer;
        this.live = live;
        this.properties = properties;
        this.partitions = new Partition[Math.max(1, properties.partitions())];
        for (int i = 0; i < partitions.length; i++) {
            partitions[i] = new Partition(i, properties, meters);
        }
        alertCounts
                .openByMovement()
                .forEach((movementId, open) -> status.put(movementId, new LiveStatus(null, null, null, true, open)));
    }

    /**
     * Queues the reports to their partitions. Waits while a partition's queue is full ({@code
     * ects.monitoring.partition-queue-capacity}): the caller is an ingest partition, whose own bounded queue then
     * fills and makes the transports stop reading; network threads never call this.
     */
    @Override
    public void submit(List<Report> reports) {
        watermark.expect(reports);
        if (reports.size() == 1) {
            partitionOf(reports.get(0)).put(new Batch(reports));
            return;
        }
        List<List<Report>> split = new ArrayList<>(partitions.length);
        for (int i = 0; i < partitions.length; i++) {
            split.add(new ArrayList<>());
        }
        for (Report report : reports) {
            split.get(indexOf(report)).add(report);
        }
        for (int i = 0; i < partitions.length; i++) {
            if (!split.get(i).isEmpty()) {
                partitions[i].put(new Batch(split.get(i)));
            }
        }
    }

    @Override
    public Lane lane() {
        DerivationWatermark.Hold hold = watermark.new Hold();
        return new Lane() {
            @Override
            public void hold() {
                hold.hold();
            }

            @Override
            public void submit(List<Report> reports) {
                try {
                    MonitoringEngine.this.submit(reports);
                } finally {
                    hold.release();
                }
            }

            @Override
            public void release() {
                hold.release();
            }
        };
    }

    @Override
    public long derivedThrough() {
        return watermark.persisted();
    }

    @Override
    public int replay(List<ReplayedMessage> messages) {
        if (messages.isEmpty()) {
            return 0;
        }
        long low = messages.getFirst().rawMessageId();
        long high = messages.getLast().rawMessageId();
        Map<Long, Integer> storedRows = new HashMap<>();
        jdbc.query(
                "SELECT raw_message_id, COUNT(*) FROM reports WHERE raw_message_id BETWEEN ? AND ?"
                        + " GROUP BY raw_message_id",
                (RowCallbackHandler) rs -> storedRows.put(rs.getLong(1), rs.getInt(2)),
                low,
                high);
        Set<String> replayedKeys = new HashSet<>();
        int fresh = 0;
        for (ReplayedMessage message : messages) {
            List<Report> reports = new ArrayList<>(message.reports().size());
            for (Report report : message.reports()) {
                String key = report.deviceId().value() + "|" + report.deviceTime() + "|" + report.counter();
                boolean refusedBefore = message.partial() && (replayedKeys.contains(key) || storedElsewhere(report));
                replayedKeys.add(key);
                if (!refusedBefore) {
                    reports.add(report);
                }
            }
            if (reports.isEmpty()) {
                continue;
            }
            int stored = Math.min(storedRows.getOrDefault(message.rawMessageId(), 0), reports.size());
            fresh += reports.size() - stored;
            watermark.expect(reports);
            partitionOf(reports.getFirst()).put(new Batch(List.copyOf(reports), stored, true));
        }
        long deadline = System.nanoTime() + REPLAY_TIMEOUT.toNanos();
        try {
            while (!watermark.derivedThrough(high)) {
                if (System.nanoTime() > deadline) {
                    log.warn("Derivation replay: not all replayed reports written within {}", REPLAY_TIMEOUT);
                    break;
                }
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The open alerts as stored, replayed ones included.
        alertCounts
                .openByMovement()
                .forEach((movementId, open) -> status.compute(movementId, (id, s) -> {
                    LiveStatus old = s == null ? LiveStatus.NONE : s;
                    return new LiveStatus(old.lastReportAt(), old.position(), old.seal(), old.insideCorridor(), open);
                }));
        return fresh;
    }

    /** Whether a report equal to this one (device, device time, counter) is stored from another raw message. */
    private boolean storedElsewhere(Report report) {
        Integer found = jdbc.queryForObject(
                "SELECT COUNT(*) FROM reports WHERE device_id = ? AND device_time = ? AND counter = ?"
                        + " AND raw_message_id <> ?",
                Integer.class,
                report.deviceId().value(),
                Timestamp.from(report.deviceTime()),
                report.counter(),
                report.rawMessageId());
        return found != null && found > 0;
    }

    @Override
    public MovementStatus statusOf(long movementId) {
        LiveStatus s = status.getOrDefault(movementId, LiveStatus.NONE);
        GeoPosition p = s.position();
        return new MovementStatus(
                s.lastReportAt(),
                p == null ? null : p.latitude(),
                p == null ? null : p.longitude(),
                s.seal(),
                s.insideCorridor(),
                s.openAlerts());
    }

    /** Called when an alert is closed by a person: one fewer open alert on its movement. */
    void alertClosed(long movementId) {
        status.computeIfPresent(
                movementId,
                (id, s) -> new LiveStatus(
                        s.lastReportAt(), s.position(), s.seal(), s.insideCorridor(), Math.max(0, s.openAlerts() - 1)));
    }

    /** Evaluates the timer-driven rules of every partition (scheduled every {@code ects.monitoring.clock-interval}). */
    void tick(Instant now) {
        for (Partition partition : partitions) {
            // A full partition skips this tick: the next one evaluates the same rules at a later time.
            partition.queue.offer(new Tick(now));
        }
    }

    private int indexOf(Report report) {
        return Math.floorMod(report.deviceId().hashCode(), partitions.length);
    }

    private Partition partitionOf(Report report) {
        return partitions[indexOf(report)];
    }

    @Override
    public void start() {
        running = true;
        for (Partition partition : partitions) {
            partition.thread =
                    Thread.ofPlatform().name("monitoring-" + partition.index).start(partition::run);
        }
        Thread.ofPlatform().name("monitoring-clock").daemon(true).start(this::clock);
        log.info("Monitoring engine started with {} partitions", partitions.length);
    }

    private void clock() {
        long interval = Math.max(50, properties.clockInterval().toMillis());
        while (running) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
            tick(Instant.now());
        }
    }

    @Override
    public void stop() {
        running = false;
        for (Partition partition : partitions) {
            Thread t = partition.thread;
            if (t != null) {
                try {
                    t.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }

    /** One partition: a thread, its queue and the monitors of its movements. */
    private final class Partition {
        final int index;
        final BlockingQueue<Work> queue;
        final QueueWatch watch;
        final Map<Long, Supervised> supervised = new HashMap<>();
        /** Active movements whose route plan the rules refused; warned about once, their reports stored. */
        final Set<Long> unmonitorable = new HashSet<>();

        volatile @Nullable Thread thread;

        Partition(int index, MonitoringProperties properties, MeterRegistry meters) {
            this.index = index;
            int capacity = properties.partitionQueueCapacity();
            this.queue = new LinkedBlockingQueue<>(capacity);
            this.watch = new QueueWatch(
                    "monitoring-partition-" + index, queue, capacity, properties.highWaterOf(capacity), meters);
        }

        /** Queues the batch, waiting while the queue is full; an interrupted wait drops it, logged. */
        void put(Batch batch) {
            try {
                queue.put(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                log.error(
                        "Interrupted while monitoring partition {} was full: {} reports not monitored",
                        index,
                        batch.reports().size());
                return;
            }
            watch.check();
        }

        void run() {
            while (running || !queue.isEmpty()) {
                try {
                    watch.check();
                    Work work = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (work == null) {
                        continue;
                    }
                    switch (work) {
                        case Batch batch -> {
                            long previous = 0;
                            int place = 0;
                            for (int i = 0; i < batch.reports().size(); i++) {
                                Report report = batch.reports().get(i);
                                place = report.rawMessageId() == previous ? place + 1 : 0;
                                previous = report.rawMessageId();
                                handle(report, place, batch.replay(), i < batch.stored());
                            }
                        }
                        case Tick tick -> clock(tick.now());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    log.error("Monitoring partition {} failed on a work item; continuing", index, e);
                }
            }
        }

        /**
         * Runs the rules on one report and queues its rows: its events and alerts first, its report row last (even
         * when the rules fail), so that the report row being written means all it derived is written.
         *
         * @param index the report's place among the reports of its raw message
         * @param replay derived again after a restart
         * @param stored its row exists already (replayed)
         */
        private void handle(Report report, int index, boolean replay, boolean stored) {
            Movement movement = null;
            try {
                movement = movements.activeFor(report.deviceId()).orElse(null);
                if (movement != null) {
                    derive(movement, report, new Source(report.rawMessageId(), index, replay));
                }
            } catch (RuntimeException e) {
                log.error(
                        "Monitoring partition {}: the rules failed on a report of {}; the report is stored",
                        this.index,
                        report.deviceId(),
                        e);
            } finally {
                writer.add(
                        new ReportRow(TimeOrderedIds.next(), movement == null ? null : movement.id(), report, stored));
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
                if (Math.floorMod(movement.deviceId().hashCode(), partitions.length) != index) {
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
                        movement.deviceId(),
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
                            movement.deviceId(),
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
                                old.lastReportAt(),
                                old.position(),
                                old.seal(),
                                old.insideCorridor(),
                                old.openAlerts() + 1);
                    });
                    live.publish(new LiveMessage(
                            "alert",
                            new AlertView(
                                    alertId,
                                    movement.id(),
                                    movement.reference(),
                                    movement.deviceId(),
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

    private record Supervised(Movement movement, MovementMonitor monitor) {}
}
