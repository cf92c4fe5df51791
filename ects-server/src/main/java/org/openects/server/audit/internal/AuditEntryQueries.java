package org.openects.server.audit.internal;

import java.util.List;
import java.util.Optional;
import org.openects.evidence.entry.AuditEntry;
import org.springframework.jdbc.core.JdbcTemplate;

/** Reads committed audit entries. */
public final class AuditEntryQueries {

    /**
     * Entries about a movement: its own (subject {@code movement}) and those of its alerts (subject {@code alert}). Two
     * branches, so that each is an index lookup on {@code (subject_type, subject_id)}: with an {@code OR}, PostgreSQL
     * reads every alert entry of the log.
     */
    private static final String ABOUT_MOVEMENT = "SELECT " + StoredEntries.COLUMNS + " FROM audit_entries"
            + " WHERE subject_type = 'movement' AND subject_id = ? AND sequence < ?"
            + " UNION ALL SELECT " + StoredEntries.COLUMNS + " FROM audit_entries"
            + " WHERE subject_type = 'alert' AND subject_id IN"
            + " (SELECT CAST(id AS VARCHAR(20)) FROM alerts WHERE movement_id = ?) AND sequence < ?"
            + " ORDER BY sequence";

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

    /** The entries about a movement and its alerts, below sequence number {@code below}. */
    List<AuditEntry> aboutMovement(long movementId, long below) {
        return jdbc
                .query(ABOUT_MOVEMENT, StoredEntries.Row::of, Long.toString(movementId), below, movementId, below)
                .stream()
                .map(StoredEntries.Row::entry)
                .toList();
    }
}
