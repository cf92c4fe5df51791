package org.openects.server.monitoring.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.openects.domain.Alarm;
import org.openects.domain.GeoPosition;
import org.openects.domain.Report;
import org.openects.server.audit.AuditEvent;
import org.openects.server.audit.AuditLog;
import org.openects.server.monitoring.MonitoringProperties;
import org.openects.server.monitoring.internal.Rows.AlertRow;
import org.openects.server.monitoring.internal.Rows.EventRow;
import org.openects.server.monitoring.internal.Rows.ReportRow;
import org.openects.server.monitoring.internal.Rows.Row;
import org.openects.server.shared.BulkRows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes reports, events and alerts in batches, off the hot path: one thread drains a queue and writes whatever has
 * accumulated (up to the batch size) in one transaction, at least every write interval. If a write fails, the batch
 * is retried until it succeeds, so rows are delayed, never dropped.
 */
@Component
class BatchWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);

    private final JdbcTemplate jdbc;
    private final boolean postgres;
    private final TransactionTemplate transactions;
    private final MonitoringProperties properties;
    private final AuditLog audit;
    private final BlockingQueue<Row> queue = new LinkedBlockingQueue<>();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong enqueued = new AtomicLong();
    private volatile boolean running;
    private @Nullable Thread thread;

    BatchWriter(JdbcTemplate jdbc, TransactionTemplate transactions, MonitoringProperties properties, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.postgres = BulkRows.isPostgres(jdbc);
        this.transactions = transactions;
        this.properties = properties;
    }

    void add(Row row) {
        enqueued.incrementAndGet();
        queue.add(row);
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
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void writeUntilDone(List<Row> batch) throws InterruptedException {
        long backoff = 100;
        while (true) {
            try {
                transactions.executeWithoutResult(status -> write(batch));
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    // Shutting down with the database unreachable: the raw messages these rows came from are
                    // archived, so the rows can be derived again; waiting forever would only block the shutdown.
                    log.error("Shutting down: {} report/event/alert rows could not be written", batch.size(), e);
                    return;
                }
                log.error("Writing a batch of {} rows failed; retrying in {} ms", batch.size(), backoff, e);
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
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
            // Each alert's audit entry goes to the audit outbox in this same transaction: the entry exists if and
            // only if the alert row does.
            for (Row row : batch) {
                if (row instanceof AlertRow a) {
                    audit.record(raised(a));
                }
            }
        }
    }

    /** The {@code alert.raised} audit entry of an alert row. */
    private static AuditEvent raised(AlertRow a) {
        return new AuditEvent(
                a.recordedAt(),
                AuditEvent.system("monitoring"),
                "alert.raised",
                "alert",
                Long.toString(a.id()),
                Map.of(
                        "movement", Long.toString(a.movementId()),
                        "device", a.deviceId(),
                        "type", a.type(),
                        "severity", a.severity(),
                        "at", a.raisedAt().toString(),
                        "late", Boolean.toString(a.late())),
                List.of());
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
