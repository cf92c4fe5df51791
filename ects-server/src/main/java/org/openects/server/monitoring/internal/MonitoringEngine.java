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
import java.util.concurrent.ConcurrentHashMap;
import org.openects.domain.DeviceId;
import org.openects.domain.GeoPosition;
import org.openects.domain.Report;
import org.openects.rules.MovementMonitor;
import org.openects.server.live.LiveHub;
import org.openects.server.monitoring.MonitoringProperties;
import org.openects.server.monitoring.ReportIntake;
import org.openects.server.monitoring.internal.MonitoringPartition.Batch;
import org.openects.server.monitoring.internal.MonitoringPartition.Tick;
import org.openects.server.monitoring.internal.MonitoringPartition.Work;
import org.openects.server.movements.MovementDirectory;
import org.openects.server.movements.MovementStatus;
import org.openects.server.movements.MovementStatusProvider;
import org.openects.server.shared.BatchWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * The monitoring hot path. Movements are spread over a fixed number of partitions by device, on a {@link BatchWorker}
 * ({@code monitoring}, one work item at a time); each partition is one thread whose {@link MonitoringPartition} owns
 * its movements' {@link MovementMonitor}s, so a movement's reports are handled in order and its state lives in exactly
 * one place. Work arrives as report batches (from the ingress) and clock ticks (for the
 * timer-driven rules). Results go to the {@link BatchWriter} and the {@link LiveHub}; nothing here waits on the
 * database.
 */
@Component
class MonitoringEngine implements ReportIntake, MovementStatusProvider, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MonitoringEngine.class);
    /** The longest {@link #replay} waits for what it replays to be written. */
    private static final Duration REPLAY_TIMEOUT = Duration.ofMinutes(5);

    private final MonitoringProperties properties;
    private final DerivationWatermark watermark;
    private final JdbcTemplate jdbc;
    private final AlertCounts alertCounts;
    private final BatchWorker<Work> worker;
    private final Map<Long, LiveStatus> status = new ConcurrentHashMap<>();
    private final MovementDirectory movements;

    MonitoringEngine(
            MovementDirectory movements,
            BatchWriter writer,
            LiveHub live,
            MonitoringProperties properties,
            AlertCounts alertCounts,
            DerivationWatermark watermark,
            JdbcTemplate jdbc,
            MeterRegistry meters) {
        this.movements = movements;
        this.watermark = watermark;
        this.jdbc = jdbc;
        this.alertCounts = alertCounts;
        this.properties = properties;
        int partitions = Math.max(1, properties.partitions());
        int capacity = properties.partitionQueueCapacity();
        this.worker = BatchWorker.<Work>named("monitoring")
                .partitions(partitions)
                .capacity(capacity)
                .batchSize(1)
                .wait(Duration.ofMillis(200))
                .stopWithin(Duration.ofSeconds(5))
                .watched("monitoring-partition", properties.highWaterOf(capacity))
                .build(meters, index -> new MonitoringPartition(index, partitions, movements, writer, live, status));
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
            put(indexOf(reports.get(0)), new Batch(reports));
            return;
        }
        List<List<Report>> split = new ArrayList<>(worker.partitions());
        for (int i = 0; i < worker.partitions(); i++) {
            split.add(new ArrayList<>());
        }
        for (Report report : reports) {
            split.get(indexOf(report)).add(report);
        }
        for (int i = 0; i < worker.partitions(); i++) {
            if (!split.get(i).isEmpty()) {
                put(i, new Batch(split.get(i)));
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
            put(indexOf(reports.getFirst()), new Batch(List.copyOf(reports), stored, true));
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
        for (int i = 0; i < worker.partitions(); i++) {
            // A full partition skips this tick: the next one evaluates the same rules at a later time.
            worker.offerTo(i, new Tick(now));
        }
    }

    /**
     * The report's partition: that of its movement's first device when the device is on a supervised movement (from
     * memory), so that a movement with several devices has one monitor; else that of its own device.
     */
    private int indexOf(Report report) {
        return worker.partitionOf(movements
                .activeFor(report.deviceId())
                .map(movement -> (Object) DeviceId.of(movement.primaryDeviceId()))
                .orElse(report.deviceId()));
    }

    /** Queues the batch, waiting while the partition's queue is full; an interrupted wait drops it, logged. */
    private void put(int partition, Batch batch) {
        try {
            worker.put(partition, batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.error(
                    "Interrupted while monitoring partition {} was full: {} reports not monitored",
                    partition,
                    batch.reports().size());
        }
    }

    @Override
    public void start() {
        worker.start();
        Thread.ofPlatform().name("monitoring-clock").daemon(true).start(this::clock);
        log.info("Monitoring engine started with {} partitions", worker.partitions());
    }

    private void clock() {
        long interval = Math.max(50, properties.clockInterval().toMillis());
        while (worker.isRunning()) {
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
        worker.stop();
    }

    @Override
    public boolean isRunning() {
        return worker.isRunning();
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }
}
