package org.openects.server.audit.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.openects.evidence.entry.AuditEntry;
import org.springframework.jdbc.core.JdbcTemplate;

/** Reads committed audit entries. */
public final class AuditEntryQueries {

    /** Entries whose subject is the movement itself (an index lookup on {@code (subject_type, subject_id)}). */
    private static final String ABOUT_MOVEMENT = "SELECT " + StoredEntries.COLUMNS + " FROM audit_entries"
            + " WHERE subject_type = 'movement' AND subject_id = ? AND sequence < ?";

    /** The most alert ids asked for in one query. */
    static final int ALERTS_PER_QUERY = 500;

    private final JdbcTemplate jdbc;

    public AuditEntryQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<AuditEntry> entry(long sequence) {
        return jdbc
                .query(
                        "SELECT " + StoredEntries.COLUMNS + " FROM audit_entries WHERE sequence = ?",
                        StoredEntries.Row::of,
                        sequence)
                .stream()
                .findFirst()
                .map(StoredEntries.Row::entry);
    }

    /** Up to {@code limit} rows from sequence number {@code from} on. */
    public List<StoredEntries.Row> page(long from, int limit) {
        return jdbc.query(
                "SELECT " + StoredEntries.COLUMNS + " FROM audit_entries WHERE sequence >= ? ORDER BY sequence LIMIT ?",
                StoredEntries.Row::of,
                from,
                limit);
    }

    /**
     * The entries about a movement (subject {@code movement}) and about its alerts (subject {@code alert}, the ids the
     * monitoring module gives, which owns the alerts), below sequence number {@code below}, in sequence order. One
     * index lookup on {@code (subject_type, subject_id)} for the movement and one per {@value #ALERTS_PER_QUERY}
     * alerts: a single query with an {@code OR} would make PostgreSQL read every alert entry of the log.
     */
    List<AuditEntry> aboutMovement(long movementId, List<Long> alertIds, long below) {
        List<StoredEntries.Row> rows =
                new ArrayList<>(jdbc.query(ABOUT_MOVEMENT, StoredEntries.Row::of, Long.toString(movementId), below));
        for (int from = 0; from < alertIds.size(); from += ALERTS_PER_QUERY) {
            List<Long> chunk = alertIds.subList(from, Math.min(alertIds.size(), from + ALERTS_PER_QUERY));
            List<Object> args = new ArrayList<>(chunk.size() + 1);
            chunk.forEach(id -> args.add(Long.toString(id)));
            args.add(below);
            rows.addAll(jdbc.query(
                    "SELECT " + StoredEntries.COLUMNS + " FROM audit_entries WHERE subject_type = 'alert'"
                            + " AND subject_id IN (" + String.join(", ", Collections.nCopies(chunk.size(), "?"))
                            + ") AND sequence < ?",
                    StoredEntries.Row::of,
                    args.toArray()));
        }
        return rows.stream()
                .map(StoredEntries.Row::entry)
                .sorted(Comparator.comparingLong(AuditEntry::sequence))
                .toList();
    }
}
