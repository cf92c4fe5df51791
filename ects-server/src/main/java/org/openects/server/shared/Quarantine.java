package org.openects.server.shared;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The table {@code writer_quarantine}: rows a batch writer isolated because the database refuses them ({@link
 * PoisonSplitter}), with the writer, the kind of row, the row as text, the error and its SQL state. Each one is also
 * logged at ERROR and counted in {@code ects.writer.quarantined} (tags {@code writer}, {@code kind}), which an
 * operator alerts on. Joins the caller's transaction, if any.
 */
@Component
public class Quarantine {

    private static final Logger log = LoggerFactory.getLogger(Quarantine.class);
    private static final int ERROR_LIMIT = 2000;

    private final JdbcTemplate jdbc;
    private final MeterRegistry meters;
    private final Clock clock;

    @Autowired
    public Quarantine(JdbcTemplate jdbc, MeterRegistry meters) {
        this(jdbc, meters, Clock.systemUTC());
    }

    /** With a clock for the quarantine time (tests). */
    public Quarantine(JdbcTemplate jdbc, MeterRegistry meters, Clock clock) {
        this.jdbc = jdbc;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * Keeps a row the database refused.
     *
     * @param writer the writer that isolated it ({@code monitoring}, {@code audit}, {@code raw-archive})
     * @param kind what the row is ({@code report}, {@code event}, {@code alert}, {@code audit-entry}, {@code raw-message})
     * @param row the row as text (JSON or the row's fields), enough to replay it
     * @param failure why the database refused it
     * @return the quarantine row's id
     */
    public long keep(String writer, String kind, String row, Throwable failure) {
        long id = TimeOrderedIds.next();
        String error = truncate(BatchFailures.message(failure), ERROR_LIMIT);
        @Nullable String state = BatchFailures.sqlState(failure);
        jdbc.update(
                "INSERT INTO writer_quarantine (id, writer, row_kind, row_text, error, sql_state, quarantined_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                id,
                writer,
                kind,
                printable(row),
                printable(error),
                state == null || state.length() > 5 ? null : state,
                Timestamp.from(clock.instant()));
        Counter.builder("ects.writer.quarantined")
                .description("Rows a batch writer could not store and put into writer_quarantine")
                .tag("writer", writer)
                .tag("kind", kind)
                .register(meters)
                .increment();
        log.error(
                "{} quarantined a {} row (writer_quarantine id {}): {} [SQL state {}]", writer, kind, id, error, state);
        return id;
    }

    /** Text the database takes whatever the row held: NUL characters (PostgreSQL refuses them) as {@code \u0000}. */
    private static String printable(String text) {
        return text.indexOf('\0') < 0 ? text : text.replace("\0", "\\u0000");
    }

    private static String truncate(String s, int limit) {
        return s.length() <= limit ? s : s.substring(0, limit);
    }
}
