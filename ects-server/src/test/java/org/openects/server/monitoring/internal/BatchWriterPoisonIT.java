package org.openects.server.monitoring.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;
import org.openects.server.audit.AuditLog;
import org.openects.server.monitoring.MonitoringProperties;
import org.openects.server.monitoring.internal.Rows.EventRow;
import org.openects.server.monitoring.internal.Rows.ReportRow;
import org.openects.server.monitoring.internal.Rows.Row;
import org.openects.server.shared.Quarantine;
import org.openects.server.shared.TimeOrderedIds;
import org.openects.server.support.Eventually;
import org.openects.server.support.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The monitoring batch writer on the real PostgreSQL: a row the database refuses is isolated and quarantined while the
 * rest of its batch and later batches are written; a database that cannot be reached quarantines nothing; the queue is
 * bounded, makes its producers wait when full and raises its alarm past the high-water mark.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class BatchWriterPoisonIT extends IntegrationTest {

    @Autowired
    org.openects.server.movements.MovementArrivals arrivals;

    @Autowired
    BatchWriter writer;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    MeterRegistry meters;

    @Autowired
    AuditLog audit;

    static ReportRow report(String device, Instant time) {
        return new ReportRow(
                TimeOrderedIds.next(),
                null,
                Report.builder(DeviceId.of(device), time)
                        .receivedAt(time)
                        .position(1.5, 2.5)
                        .build(),
                false);
    }

    static EventRow event(long movement, String device, String detail) {
        Instant now = Instant.parse("2026-06-01T12:00:00Z");
        return new EventRow(
                TimeOrderedIds.next(),
                movement,
                device,
                "CORRIDOR_LEFT",
                "HIGH",
                now,
                1.0,
                2.0,
                false,
                detail,
                now,
                null);
    }

    long count(String sql, Object... args) {
        Long n = jdbc.queryForObject(sql, Long.class, args);
        return n == null ? 0 : n;
    }

    @Test
    void a_row_the_database_refuses_is_quarantined_and_the_rest_of_its_batch_and_later_batches_are_written()
            throws Exception {
        String device = "POISON-" + TimeOrderedIds.next();
        long movement = TimeOrderedIds.next();
        Instant t = Instant.parse("2026-06-01T12:00:00Z");
        List<Row> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(report(device, t.plusSeconds(i)));
        }
        EventRow poison = event(movement, device, "x".repeat(600)); // movement_events.detail is VARCHAR(512)
        batch.add(poison);
        for (int i = 0; i < 3; i++) {
            batch.add(event(movement, device, "fine " + i));
        }
        ReportRow duplicate = report(device, t.plusSeconds(30));
        batch.add(duplicate);
        batch.add(new ReportRow(duplicate.id(), null, duplicate.report(), false)); // the same primary key again

        batch.forEach(writer::add);
        assertThat(writer.awaitWritten(60_000))
                .as("the writer gets past the bad rows")
                .isTrue();
        writer.add(report(device, t.plusSeconds(60)));
        assertThat(writer.awaitWritten(30_000)).as("and writes the next batch").isTrue();

        assertThat(count("SELECT COUNT(*) FROM reports WHERE device_id = ?", device))
                .as("5 reports, one of the two with the same id, the later one")
                .isEqualTo(7);
        assertThat(count("SELECT COUNT(*) FROM movement_events WHERE movement_id = ?", movement))
                .isEqualTo(3);
        List<java.util.Map<String, Object>> quarantined = jdbc.queryForList(
                "SELECT row_kind, row_text, sql_state, error FROM writer_quarantine WHERE writer = 'monitoring'"
                        + " AND row_text LIKE ? ORDER BY id",
                "%" + device + "%");
        assertThat(quarantined).hasSize(2);
        assertThat(quarantined.get(0).get("row_kind")).isEqualTo("event");
        assertThat(quarantined.get(0).get("sql_state")).isEqualTo("22001");
        assertThat((String) quarantined.get(0).get("row_text")).contains(Long.toString(poison.id()));
        assertThat(quarantined.get(1).get("row_kind")).isEqualTo("report");
        assertThat(quarantined.get(1).get("sql_state")).isEqualTo("23505");
        assertThat(meters.get("ects.writer.quarantined")
                        .tag("writer", "monitoring")
                        .tag("kind", "event")
                        .counter()
                        .count())
                .isGreaterThanOrEqualTo(1);
    }

    /** A data source whose connections, while it is down, go to a port nothing listens on: a real refusal. */
    static final class FlakyDataSource extends DelegatingDataSource {
        volatile boolean down;
        final AtomicInteger refused = new AtomicInteger();

        FlakyDataSource(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (down) {
                refused.incrementAndGet();
                return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:1/ects?connectTimeout=2", "ects", "");
            }
            return super.getConnection();
        }
    }

    BatchWriter writerOn(DataSource source, int capacity, MeterRegistry registry) {
        return new BatchWriter(
                new JdbcTemplate(source),
                new TransactionTemplate(new JdbcTransactionManager(source)),
                new MonitoringProperties(
                        2, Duration.ofSeconds(1), 2000, Duration.ofMillis(20), capacity, 100, 0.8, Duration.ZERO),
                new Quarantine(jdbc, registry),
                registry,
                audit,
                new DerivationWatermark(new JdbcTemplate(source)),
                arrivals);
    }

    @Test
    void a_database_that_cannot_be_reached_delays_the_rows_and_quarantines_none() throws Exception {
        FlakyDataSource flaky = new FlakyDataSource(dataSource);
        BatchWriter own = writerOn(flaky, 1000, new SimpleMeterRegistry());
        own.start();
        try {
            String device = "DOWN-" + TimeOrderedIds.next();
            flaky.down = true;
            for (int i = 0; i < 20; i++) {
                own.add(report(device, Instant.parse("2026-06-01T12:00:00Z").plusSeconds(i)));
            }
            Eventually.await(
                    Duration.ofSeconds(30),
                    "three refused connection attempts",
                    () -> flaky.refused.get() >= 3 ? true : null);
            assertThat(count("SELECT COUNT(*) FROM reports WHERE device_id = ?", device))
                    .isZero();
            flaky.down = false;

            assertThat(own.awaitWritten(30_000)).isTrue();
            assertThat(count("SELECT COUNT(*) FROM reports WHERE device_id = ?", device))
                    .isEqualTo(20);
            assertThat(count("SELECT COUNT(*) FROM writer_quarantine WHERE row_text LIKE ?", "%" + device + "%"))
                    .as("a lost database is no reason to quarantine anything")
                    .isZero();
        } finally {
            own.stop();
        }
    }

    @Test
    void a_full_queue_makes_its_producer_wait_and_raises_the_alarm_once_past_the_high_water_mark() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BatchWriter own = writerOn(dataSource, 10, registry); // not started: nothing drains the queue
        String device = "FULL-" + TimeOrderedIds.next();
        Instant t = Instant.parse("2026-06-01T12:00:00Z");
        for (int i = 0; i < 7; i++) {
            own.add(report(device, t.plusSeconds(i)));
        }
        assertThat(registry.get("ects.queue.backed-up")
                        .tag("queue", "monitoring-writer")
                        .gauge()
                        .value())
                .isZero();
        own.add(report(device, t.plusSeconds(7))); // 8 of 10: the high-water mark at 0.8
        assertThat(registry.get("ects.queue.backed-up")
                        .tag("queue", "monitoring-writer")
                        .gauge()
                        .value())
                .isEqualTo(1);
        own.add(report(device, t.plusSeconds(8)));
        own.add(report(device, t.plusSeconds(9)));
        assertThat(registry.get("ects.queue.depth")
                        .tag("queue", "monitoring-writer")
                        .gauge()
                        .value())
                .isEqualTo(10);
        assertThat(registry.get("ects.queue.backups")
                        .tag("queue", "monitoring-writer")
                        .counter()
                        .count())
                .as("one episode, not one per row")
                .isEqualTo(1);

        CountDownLatch added = new CountDownLatch(1);
        Thread producer = Thread.ofPlatform().start(() -> {
            own.add(report(device, t.plusSeconds(10)));
            added.countDown();
        });
        assertThat(added.await(500, TimeUnit.MILLISECONDS))
                .as("the eleventh row waits for room")
                .isFalse();
        own.start();
        try {
            assertThat(added.await(10, TimeUnit.SECONDS)).isTrue();
            producer.join(5_000);
            assertThat(own.awaitWritten(30_000)).isTrue();
            assertThat(count("SELECT COUNT(*) FROM reports WHERE device_id = ?", device))
                    .isEqualTo(11);
            own.add(report(device, t.plusSeconds(11))); // the queue has drained: the alarm clears
            assertThat(own.awaitWritten(30_000)).isTrue();
            Eventually.await(
                    Duration.ofSeconds(10),
                    "the alarm cleared",
                    () -> registry.get("ects.queue.backed-up")
                                            .tag("queue", "monitoring-writer")
                                            .gauge()
                                            .value()
                                    == 0
                            ? true
                            : null);
        } finally {
            own.stop();
        }
    }
}
