package org.openects.server.monitoring.internal;

import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.openects.domain.Alarm;
import org.openects.domain.GeoPosition;
import org.openects.domain.Report;
import org.openects.server.monitoring.MonitoringProperties;
import org.openects.server.monitoring.internal.Rows.AlertRow;
import org.openects.server.monitoring.internal.Rows.EventRow;
import org.openects.server.monitoring.internal.Rows.ReportRow;
import org.openects.server.monitoring.internal.Rows.Row;
import org.openects.server.shared.BulkRows;
import org.openects.server.shared.PoisonSplitter;
import org.openects.server.shared.Quarantine;
import org.openects.server.shared.QueueWatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes reports, events and alerts in batches, off the hot path: one thread drains a queue and writes whatever has
 * accumulated (up to the batch size) in one transaction, at least every write interval. A batch that fails goes
 * through {@link PoisonSplitter}: while the database is unreachable it is retried until it succeeds (rows delayed,
 * never dropped); when the database refuses a row's data, the batch is split until that row is alone, the others are
 * written and the row goes to {@code writer_quarantine} (writer {@code monitoring}). The queue is bounded ({@code
 * ects.monitoring.write-queue-capacity}): a monitoring partition that finds it full waits; past its high-water mark it
 * raises the {@code ects.queue.backed-up{queue=monitoring-writer}} alarm ({@link QueueWatch}).
 */
@Component
class BatchWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);

    private final JdbcTemplate jdbc;
    private final boolean postgres;
    private final TransactionTemplate transactions;
    private final MonitoringProperties properties;
    private final BlockingQueue<Row> queue;
    private final QueueWatch watch;
    private final Quarantine quarantine;
    private final PoisonSplitter<Row> splitter;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong enqueued = new AtomicLong();
    private volatile boolean running;
    private @Nullable Thread thread;

    BatchWriter(
            JdbcTemplate jdbc,
            TransactionTemplate transactions,
            MonitoringProperties properties,
            Quarantine quarantine,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.postgres = BulkRows.isPostgres(jdbc);
        this.transactions = transactions;
        this.properties = properties;
        this.quarantine = quarantine;
        this.queue = new LinkedBlockingQueue<>(properties.writeQueueCapacity());
        this.watch = new QueueWatch(
                "monitoring-writer",
                queue,
                properties.writeQueueCapacity(),
                properties.highWaterOf(properties.writeQueueCapacity()),
                meters);
        this.splitter = PoisonSplitter.standard("monitoring", () -> running);
    }

    /**
     * Queues a row; waits while the queue is full (the caller is a monitoring partition, never a network thread). An
     * interrupted wait drops the row, logged: its raw message is archived, so it can be derived again.
     */
    void add(Row row) {
        enqueued.incrementAndGet();
        try {
            queue.put(row);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            written.incrementAndGet();
            log.error("Interrupted while the write queue was full: a {} row is not written", kind(row));
            return;
        }
        watch.check();
    }

    /** Whether the write queue is past its high-water mark. */
    boolean backedUp() {
        return watch.backedUp();
    }

    /** Blocks until everything enqueued before the call is written, or the timeout passes; true when written. */
    boolean awaitWritten(long timeoutMillis) throws InterruptedException {
        long target = enqueued.get();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (written.get() < target) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofPlatform().name("batch-writer").daemon(false).start(this::run);
    }

    @Override
    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Stops after the engine (higher phase stops first) so that its last rows are written.
        return Integer.MAX_VALUE - 2000;
    }

    private void run() {
        List<Row> batch = new ArrayList<>(properties.writeBatchSize());
        long intervalMillis = Math.max(1, properties.writeInterval().toMillis());
        while (running || !queue.isEmpty()) {
            try {
                Row first = queue.poll(intervalMillis, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, properties.writeBatchSize() - 1);
                writeUntilDone(batch);
                written.addAndGet(batch.size());
                batch.clear();
                watch.check();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void writeUntilDone(List<Row> batch) throws InterruptedException {
        PoisonSplitter.Outcome<Row> outcome = splitter.write(
                batch,
                rows -> transactions.executeWithoutResult(status -> write(rows)),
                (row, failure) -> quarantine.keep("monitoring", kind(row), row.toString(), failure));
        if (outcome == null) {
            // Shutting down with the database unreachable: the raw messages these rows came from are archived, so
            // the rows can be derived again; waiting forever would only block the shutdown.
            log.error("Shutting down: {} report/event/alert rows could not be written", batch.size());
        }
    }

    private static String kind(Row row) {
        return switch (row) {
            case ReportRow r -> "report";
            case EventRow e -> "event";
            case AlertRow a -> "alert";
        };
    }

    private void write(List<Row> batch) {
        BulkRows reports = new BulkRows(
                postgres,
                "reports",
                "id",
                "device_id",
                "movement_id",
                "counter",
                "device_time",
                "received_at",
                "latitude",
                "longitude",
                "valid_fix",
                "speed_kmh",
                "seal",
                "battery_percent",
                "history",
                "channel",
                "trust",
                "alarms",
                "raw_message_id",
                "lock_state",
                "door_state");
        List<Object[]> events = new ArrayList<>();
        List<Object[]> alerts = new ArrayList<>();
        for (Row row : batch) {
            switch (row) {
                case ReportRow r -> addReport(reports, r);
                case EventRow e ->
                    events.add(new Object[] {
                        e.id(),
                        e.movementId(),
                        e.deviceId(),
                        e.type(),
                        e.severity(),
                        ts(e.occurredAt()),
                        e.latitude(),
                        e.longitude(),
                        e.late(),
                        e.detail(),
                        ts(e.recordedAt())
                    });
                case AlertRow a ->
                    alerts.add(new Object[] {
                        a.id(),
                        a.movementId(),
                        a.eventId(),
                        a.deviceId(),
                        a.type(),
                        a.severity(),
                        a.state().name(),
                        ts(a.raisedAt()),
                        a.latitude(),
                        a.longitude(),
                        a.late(),
                        a.detail()
                    });
            }
        }
        reports.insert(jdbc);
        if (!events.isEmpty()) {
            jdbc.batchUpdate("""
                    INSERT INTO movement_events (id, movement_id, device_id, type, severity, occurred_at, latitude,
                        longitude, late, detail, recorded_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", events);
        }
        if (!alerts.isEmpty()) {
            jdbc.batchUpdate("""
                    INSERT INTO alerts (id, movement_id, event_id, device_id, type, severity, state, raised_at, latitude,
                        longitude, late, detail)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", alerts);
        }
    }

    private static void addReport(BulkRows rows, ReportRow row) {
        Report r = row.report();
        GeoPosition p = r.position();
        rows.row()
                .bigint(row.id())
                .text(r.deviceId().value())
                .bigint(row.movementId())
                .bigint(r.counter())
                .timestamptz(r.deviceTime())
                .timestamptz(r.receivedAt())
                .float8(p == null ? null : p.latitude())
                .float8(p == null ? null : p.longitude())
                .bool(r.validFix())
                .float8(r.speedKmh())
                .text(r.seal().name())
                .int4(r.batteryPercent())
                .bool(r.history())
                .text(r.channel().name())
                .text(r.trust().name())
                .text(alarms(r))
                .bigint(r.rawMessageId())
                .text(r.lock().name())
                .text(r.door().name());
    }

    private static @Nullable String alarms(Report r) {
        if (r.alarms().isEmpty()) {
            return null;
        }
        StringBuilder s = new StringBuilder();
        for (Alarm alarm : r.alarms()) {
            if (!s.isEmpty()) {
                s.append(',');
            }
            s.append(alarm.name());
        }
        return s.toString();
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }
}
