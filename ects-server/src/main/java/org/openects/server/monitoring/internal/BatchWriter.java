package org.openects.server.monitoring.internal;

import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.openects.server.movements.MovementArrivals;
import org.openects.server.shared.AfterCommit;
import org.openects.server.shared.BatchWorker;
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
 * Writes reports, events and alerts in batches, off the hot path: one thread ({@link BatchWorker} {@code
 * monitoring-writer}, thread {@code batch-writer}) drains a queue and writes whatever has accumulated (up to the batch
 * size) in one transaction; when the queue stays empty for a write interval it persists the derivation watermark. A batch that fails goes
 * through {@link PoisonSplitter}: while the database is unreachable it is retried until it succeeds (rows delayed,
 * never dropped); when the database refuses a row's data, the batch is split until that row is alone, the others are
 * written and the row goes to {@code writer_quarantine} (writer {@code monitoring}). The queue is bounded ({@code
 * ects.monitoring.write-queue-capacity}): a monitoring partition that finds it full waits; past its high-water mark it
 * raises the {@code ects.queue.backed-up{queue=monitoring-writer}} alarm ({@link QueueWatch}).
 * In the same transaction as each batch go the {@code alert.raised} audit entries of its alerts and the {@link
 * DerivationWatermark derivation watermark}; rows of reports replayed after a restart are written only when they do
 * not exist yet (docs/adr/0005).
 */
@Component
class BatchWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);

    private final JdbcTemplate jdbc;
    private final boolean postgres;
    private final TransactionTemplate transactions;
    private final MonitoringProperties properties;
    private final BatchWorker<Row> worker;
    private final Quarantine quarantine;
    private final PoisonSplitter<Row> splitter;
    private final AuditLog audit;
    private final DerivationWatermark watermark;
    /** Rows were written since the watermark was last persisted (writer thread only). */
    private boolean watermarkMoved;

    /** Rows handled (written, quarantined, or given up at shutdown or on a failure the worker logged). */
    private final AtomicLong written = new AtomicLong();

    private final AtomicLong enqueued = new AtomicLong();

    /** Told of each committed arrival at a destination (the movement then goes to ARRIVED, in its own worker). */
    private final MovementArrivals arrivals;

    BatchWriter(
            JdbcTemplate jdbc,
            TransactionTemplate transactions,
            MonitoringProperties properties,
            Quarantine quarantine,
            MeterRegistry meters,
            AuditLog audit,
            DerivationWatermark watermark,
            MovementArrivals arrivals) {
        this.arrivals = arrivals;
        this.jdbc = jdbc;
        this.watermark = watermark;
        this.audit = audit;
        this.postgres = BulkRows.isPostgres(jdbc);
        this.transactions = transactions;
        this.properties = properties;
        this.quarantine = quarantine;
        this.splitter = PoisonSplitter.standard("monitoring", this::isRunning);
        this.worker = BatchWorker.<Row>named("monitoring-writer")
                .threadName("batch-writer")
                .capacity(properties.writeQueueCapacity())
                .batchSize(properties.writeBatchSize())
                .wait(Duration.ofMillis(Math.max(1, properties.writeInterval().toMillis())))
                .stopWithin(Duration.ofSeconds(10))
                .watched("monitoring-writer", properties.highWaterOf(properties.writeQueueCapacity()))
                .build(meters, partition -> new Writing());
    }

    /**
     * Queues a row; waits while the queue is full (the caller is a monitoring partition, never a network thread). An
     * interrupted wait drops the row, logged: its raw message is archived, so it can be derived again.
     */
    void add(Row row) {
        enqueued.incrementAndGet();
        try {
            worker.put(0, row);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            written.incrementAndGet();
            log.error("Interrupted while the write queue was full: a {} row is not written", kind(row));
        }
    }

    /** Whether the write queue is past its high-water mark. */
    boolean backedUp() {
        return worker.backedUp();
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
        worker.start();
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
        // Stops after the engine (higher phase stops first) so that its last rows are written.
        return Integer.MAX_VALUE - 2000;
    }

    /** The writer thread's handler: batches written, the watermark persisted when idle and at the end. */
    private final class Writing implements BatchWorker.Handler<Row> {

        @Override
        public void handle(List<Row> batch) throws InterruptedException {
            try {
                long delay = properties.writeDelay().toMillis();
                if (delay > 0) {
                    Thread.sleep(delay); // test only: acknowledged frames whose rows are not written yet
                }
                if (writeUntilDone(batch)) {
                    for (Row row : batch) {
                        if (row instanceof ReportRow r) {
                            watermark.written(r.report().rawMessageId());
                        }
                    }
                    watermarkMoved = true;
                }
            } finally {
                written.addAndGet(batch.size());
            }
        }

        @Override
        public void idle() {
            persistWatermarkIfMoved();
        }

        @Override
        public void stopped() {
            persistWatermarkIfMoved();
        }
    }

    /**
     * When the queue is idle: persists the watermark past the rows written last (each batch persists the point as it
     * stood before its own rows), so that a restart replays only what was really in flight.
     */
    private void persistWatermarkIfMoved() {
        if (!watermarkMoved) {
            return;
        }
        try {
            watermark.persist(watermark.safePoint());
            watermarkMoved = false;
        } catch (RuntimeException e) {
            log.warn("Persisting the derivation watermark failed; it is persisted with the next batch", e);
        }
    }

    /**
     * Writes the batch through the {@link PoisonSplitter}; false only when shutting down without having written it.
     * Rows the database refuses are quarantined and count as written (their raw message stays archived).
     */
    private boolean writeUntilDone(List<Row> batch) throws InterruptedException {
        PoisonSplitter.Outcome<Row> outcome = splitter.write(
                batch,
                rows -> transactions.executeWithoutResult(status -> write(rows)),
                (row, failure) -> quarantine.keep("monitoring", kind(row), row.toString(), failure));
        if (outcome == null) {
            // Shutting down with the database unreachable: the raw messages these rows came from are archived and
            // stay above the derivation watermark, so the rows are derived again at the next start; waiting forever
            // would only block the shutdown.
            log.error("Shutting down: {} report/event/alert rows could not be written", batch.size());
            return false;
        }
        return true;
    }

    private static String kind(Row row) {
        return switch (row) {
            case ReportRow r -> "report";
            case EventRow e -> "event";
            case AlertRow a -> "alert";
        };
    }

    private void write(List<Row> batch) {
        // The point as it stands before this batch's rows count as written: conservative by one batch, and the idle
        // queue persists the rest.
        long through = watermark.safePoint();
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
        List<AlertRow> alerts = new ArrayList<>();
        List<Row> replayed = new ArrayList<>();
        for (Row row : batch) {
            switch (row) {
                case ReportRow r -> {
                    if (!r.stored()) {
                        addReport(reports, r);
                    }
                }
                case EventRow e -> {
                    if (e.source() != null && e.source().replayed()) {
                        replayed.add(e);
                    } else {
                        events.add(eventValues(e));
                    }
                }
                case AlertRow a -> {
                    if (a.source() != null && a.source().replayed()) {
                        replayed.add(a);
                    } else {
                        alerts.add(a);
                    }
                }
            }
        }
        reports.insert(jdbc);
        if (!events.isEmpty()) {
            jdbc.batchUpdate(INSERT_EVENT, events);
        }
        if (!alerts.isEmpty()) {
            jdbc.batchUpdate(
                    INSERT_ALERT,
                    alerts.stream().map(a -> alertValues(a, a.eventId())).toList());
        }
        // Each alert's audit entry goes to the audit outbox in this same transaction: the entry exists if and only
        // if the alert row does.
        for (AlertRow a : alerts) {
            audit.record(raised(a));
        }
        for (Row row : replayed) {
            writeReplayed(row);
        }
        watermark.persist(through);
        List<EventRow> arrived = new ArrayList<>();
        for (Row row : batch) {
            if (row instanceof EventRow e && ARRIVED.equals(e.type())) {
                arrived.add(e);
            }
        }
        if (!arrived.isEmpty()) {
            // once committed, to the movements module's worker: no database work or wait on this thread
            AfterCommit.run(() -> arrived.forEach(e -> arrivals.arrived(e.movementId(), e.occurredAt(), e.detail())));
        }
    }

    /** The event type of an arrival at the destination. */
    private static final String ARRIVED = org.openects.rules.EventType.ARRIVED_AT_DESTINATION.name();

    /**
     * An event or alert raised by a report replayed after a restart: written unless its report raised the same one
     * before the restart (same raw message, place and type); an alert then refers to the event row that exists.
     */
    private void writeReplayed(Row row) {
        switch (row) {
            case EventRow e -> {
                if (existing("movement_events", e.source(), e.type()) == null) {
                    jdbc.update(INSERT_EVENT, eventValues(e));
                }
            }
            case AlertRow a -> {
                if (existing("alerts", a.source(), a.type()) == null) {
                    Long event = existing("movement_events", a.source(), a.type());
                    jdbc.update(INSERT_ALERT, alertValues(a, event == null ? a.eventId() : event));
                    audit.record(raised(a));
                }
            }
            case ReportRow r -> throw new IllegalArgumentException("not replayed row by row: " + r);
        }
    }

    private @Nullable Long existing(String table, Rows.@Nullable Source source, String type) {
        if (source == null) {
            return null;
        }
        List<Long> ids = jdbc.queryForList(
                "SELECT id FROM " + table + " WHERE raw_message_id = ? AND report_index = ? AND type = ?",
                Long.class,
                source.rawMessageId(),
                source.reportIndex(),
                type);
        return ids.isEmpty() ? null : ids.getFirst();
    }

    private static final String INSERT_EVENT = """
            INSERT INTO movement_events (id, movement_id, device_id, type, severity, occurred_at, latitude,
                longitude, late, detail, recorded_at, raw_message_id, report_index)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private static final String INSERT_ALERT = """
            INSERT INTO alerts (id, movement_id, event_id, device_id, type, severity, state, raised_at, latitude,
                longitude, late, detail, raw_message_id, report_index)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private static Object[] eventValues(EventRow e) {
        Rows.Source source = e.source();
        return new Object[] {
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
            ts(e.recordedAt()),
            source == null ? null : source.rawMessageId(),
            source == null ? null : source.reportIndex()
        };
    }

    private static Object[] alertValues(AlertRow a, long eventId) {
        Rows.Source source = a.source();
        return new Object[] {
            a.id(),
            a.movementId(),
            eventId,
            a.deviceId(),
            a.type(),
            a.severity(),
            a.state().name(),
            ts(a.raisedAt()),
            a.latitude(),
            a.longitude(),
            a.late(),
            a.detail(),
            source == null ? null : source.rawMessageId(),
            source == null ? null : source.reportIndex()
        };
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
