package org.openects.server.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;

/**
 * The splitting rule every batch writer follows: transient failures are retried and quarantine nothing; data failures
 * isolate the bad rows, which go to the sink while every other row is written, in order.
 */
class PoisonSplitterTest {

    /** A table that refuses some values, all or nothing per write, like a transaction. */
    static final class Table {
        final List<Integer> stored = new ArrayList<>();
        final Set<Integer> refused;
        int writes;

        Table(Set<Integer> refused) {
            this.refused = refused;
        }

        void write(List<Integer> rows) {
            writes++;
            for (int row : rows) {
                if (refused.contains(row)) {
                    throw new DataIntegrityViolationException(
                            "value " + row, new SQLException("value too long", "22001"));
                }
            }
            stored.addAll(rows);
        }
    }

    final List<Duration> waits = new ArrayList<>();
    final List<Integer> quarantined = new ArrayList<>();
    final List<String> reasons = new ArrayList<>();
    boolean running = true;

    PoisonSplitter<Integer> splitter() {
        return new PoisonSplitter<>(
                "test", 3, Duration.ofMillis(100), Duration.ofSeconds(10), () -> running, waits::add);
    }

    void quarantine(Integer row, RuntimeException failure) {
        quarantined.add(row);
        reasons.add(BatchFailures.sqlState(failure));
    }

    static List<Integer> range(int from, int to) {
        List<Integer> rows = new ArrayList<>();
        for (int i = from; i < to; i++) {
            rows.add(i);
        }
        return rows;
    }

    @Test
    void one_bad_row_in_a_hundred_is_quarantined_and_the_other_ninety_nine_are_written_in_order() throws Exception {
        Table table = new Table(Set.of(42));

        PoisonSplitter.Outcome<Integer> outcome = splitter().write(range(0, 100), table::write, this::quarantine);

        assertThat(outcome).isNotNull();
        assertThat(outcome.quarantined()).containsExactly(42);
        assertThat(quarantined).containsExactly(42);
        assertThat(reasons).containsExactly("22001");
        List<Integer> expected = range(0, 100);
        expected.remove(Integer.valueOf(42));
        assertThat(table.stored).isEqualTo(expected);
        assertThat(waits)
                .as("the whole batch is tried three times with backoff before it is split")
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(table.writes)
                .as("3 whole tries, then a bisection: about 2 log2(100) writes")
                .isLessThan(20);
    }

    @Test
    void several_bad_rows_are_each_isolated() throws Exception {
        Table table = new Table(Set.of(0, 7, 8, 63));

        PoisonSplitter.Outcome<Integer> outcome = splitter().write(range(0, 64), table::write, this::quarantine);

        assertThat(outcome).isNotNull();
        assertThat(quarantined).containsExactly(0, 7, 8, 63);
        assertThat(table.stored).hasSize(60).doesNotContain(0, 7, 8, 63);
    }

    @Test
    void a_lost_connection_is_retried_with_growing_backoff_and_nothing_is_quarantined() throws Exception {
        Table table = new Table(Set.of());
        int[] failuresLeft = {6};

        PoisonSplitter.Outcome<Integer> outcome = splitter()
                .write(
                        range(0, 10),
                        rows -> {
                            if (failuresLeft[0]-- > 0) {
                                throw new CannotGetJdbcConnectionException(
                                        "Failed to obtain JDBC Connection",
                                        new SQLException("Connection refused", "08001", new ConnectException()));
                            }
                            table.write(rows);
                        },
                        this::quarantine);

        assertThat(outcome).isNotNull();
        assertThat(quarantined).isEmpty();
        assertThat(table.stored).isEqualTo(range(0, 10));
        assertThat(waits).extracting(Duration::toMillis).containsExactly(100L, 200L, 400L, 800L, 1600L, 3200L);
    }

    @Test
    void the_backoff_stops_growing_at_its_maximum() throws Exception {
        int[] failuresLeft = {12};
        splitter()
                .write(
                        List.of(1),
                        rows -> {
                            if (failuresLeft[0]-- > 0) {
                                throw new UncategorizedSQLException(
                                        "insert", "INSERT", new SQLException("terminating connection", "57P01"));
                            }
                        },
                        this::quarantine);

        assertThat(quarantined).isEmpty();
        assertThat(waits).hasSize(12).last().isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void a_writer_that_stops_while_the_database_is_down_gives_up_without_quarantining() throws Exception {
        PoisonSplitter.Outcome<Integer> outcome = new PoisonSplitter<Integer>(
                        "test", 3, Duration.ofMillis(100), Duration.ofSeconds(10), () -> running, d -> running = false)
                .write(
                        range(0, 5),
                        rows -> {
                            throw new CannotGetJdbcConnectionException("down");
                        },
                        this::quarantine);

        assertThat(outcome).isNull();
        assertThat(quarantined).isEmpty();
    }

    @Test
    void failures_are_told_apart_by_sql_state_and_type() {
        assertThat(BatchFailures.classify(new DataIntegrityViolationException("x", new SQLException("dup", "23505"))))
                .isEqualTo(BatchFailures.Kind.DATA);
        assertThat(BatchFailures.classify(new UncategorizedSQLException("x", "s", new SQLException("range", "22008"))))
                .isEqualTo(BatchFailures.Kind.DATA);
        assertThat(BatchFailures.classify(new ArithmeticException("long overflow")))
                .as("a value the row building cannot encode")
                .isEqualTo(BatchFailures.Kind.DATA);
        assertThat(BatchFailures.classify(new UncategorizedSQLException("x", "s", new SQLException("gone", "08006"))))
                .isEqualTo(BatchFailures.Kind.TRANSIENT);
        assertThat(BatchFailures.classify(
                        new UncategorizedSQLException("x", "s", new SQLException("deadlock", "40P01"))))
                .isEqualTo(BatchFailures.Kind.TRANSIENT);
        assertThat(BatchFailures.classify(new CannotGetJdbcConnectionException("no connection")))
                .isEqualTo(BatchFailures.Kind.TRANSIENT);
        assertThat(BatchFailures.classify(new java.sql.SQLTransientConnectionException("timeout")))
                .isEqualTo(BatchFailures.Kind.TRANSIENT);
        assertThat(BatchFailures.classify(
                        new UncategorizedSQLException("x", "s", new SQLException("no table", "42P01"))))
                .as("a failure that is not about one row's data is never a reason to quarantine")
                .isEqualTo(BatchFailures.Kind.TRANSIENT);
    }
}
