package org.openects.server.audit.internal;

import java.nio.ByteBuffer;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.openects.domain.Report;
import org.openects.evidence.entry.AuditEntry;
import org.openects.evidence.entry.EntryDraft;
import org.openects.server.shared.BulkRows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The table {@code audit_outbox}: entries recorded (committed together with their caller's transaction) and not yet
 * in the log. A row holds the draft as its canonical bytes with sequence number 0, and for ingest batches the raw
 * message ids that go into {@code audit_frames}. Every method joins the current transaction, if any.
 */
final class AuditOutbox {

    /** The lengths of the columns of {@code audit_entries} (V7). */
    private static final int ACTOR_LIMIT = 256;

    private static final int ACTION_LIMIT = 64;
    private static final int SUBJECT_TYPE_LIMIT = 32;
    private static final int SUBJECT_ID_LIMIT = 128;

    /** Ids per statement in {@code IN} lists. */
    private static final int CHUNK = 1_000;

    private static final Logger log = LoggerFactory.getLogger(AuditOutbox.class);

    private static final String COLUMNS = "id, draft, frame_ids";

    /** From this many rows on, {@link #insert} uses COPY on PostgreSQL. */
    private static final int COPY_FROM = 16;

    private final JdbcTemplate jdbc;
    private volatile @Nullable Boolean copy;

    AuditOutbox(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One row: an entry waiting for its sequence number.
     *
     * @param id the row's id (time-ordered, unique)
     * @param draft the entry without its sequence number
     * @param canonical the draft's canonical bytes with sequence number 0, as stored
     * @param frames for an ingest batch, its raw message ids in archive order; else null
     */
    record Row(long id, EntryDraft draft, byte[] canonical, long @Nullable [] frames) {

        /**
         * A row for a new draft (validates it: throws {@link IllegalArgumentException} if it cannot be an entry, or
         * if a column of {@code audit_entries} cannot hold it — a field longer than its column, a time outside 1970 to
         * 9999 — so that such a draft is refused before it takes a sequence number, never at the writer).
         */
        static Row of(long id, EntryDraft draft, long @Nullable [] frames) {
            fits("actor", draft.actor(), ACTOR_LIMIT);
            fits("action", draft.action(), ACTION_LIMIT);
            fits("subject type", draft.subject().type(), SUBJECT_TYPE_LIMIT);
            fits("subject id", draft.subject().id(), SUBJECT_ID_LIMIT);
            if (draft.time().isBefore(Report.EARLIEST_TIME) || draft.time().isAfter(Report.LATEST_TIME)) {
                throw new IllegalArgumentException("audit entry time out of range: " + draft.time());
            }
            return new Row(id, draft, draft.sequenced(0).canonical(), frames);
        }

        private static void fits(String field, String value, int limit) {
            if (value.length() > limit) {
                throw new IllegalArgumentException(
                        "audit entry " + field + " of " + value.length() + " characters; at most " + limit);
            }
        }
    }

    /** Inserts the rows: one statement, a COPY on PostgreSQL when there are many. */
    void insert(List<Row> rows) {
        Instant now = Instant.now();
        BulkRows outbox = new BulkRows(
                rows.size() >= COPY_FROM && copy(), "audit_outbox", "id", "enqueued_at", "draft", "frame_ids");
        for (Row row : rows) {
            outbox.row()
                    .bigint(row.id())
                    .timestamptz(now)
                    .bytea(row.canonical())
                    .bytea(row.frames() == null ? null : pack(row.frames()));
        }
        outbox.insert(jdbc);
    }

    private boolean copy() {
        Boolean known = copy;
        if (known == null) {
            known = BulkRows.isPostgres(jdbc);
            copy = known;
        }
        return known;
    }

    /** The highest id, or {@link Long#MIN_VALUE} when the outbox is empty. */
    long maxId() {
        Long max = jdbc.queryForObject("SELECT MAX(id) FROM audit_outbox", Long.class);
        return max == null ? Long.MIN_VALUE : max;
    }

    /**
     * What a read found: the rows that hold an entry draft, and the last id scanned (rows whose draft is not an entry
     * are logged and skipped, and stay in the table for someone to look at).
     */
    record Page(List<Row> rows, long lastId, int scanned) {}

    /** Up to {@code limit} rows with ids in {@code (after, upTo]}, in id order. */
    Page read(long after, long upTo, int limit) {
        return page(
                "SELECT " + COLUMNS + " FROM audit_outbox WHERE id > ? AND id <= ? ORDER BY id LIMIT ?",
                after,
                upTo,
                limit);
    }

    /** Up to {@code limit} rows with ids above {@code after}, enqueued before {@code before}, in id order. */
    Page enqueuedBefore(Instant before, long after, int limit) {
        return page(
                "SELECT " + COLUMNS + " FROM audit_outbox WHERE enqueued_at < ? AND id > ? ORDER BY id LIMIT ?",
                Timestamp.from(before),
                after,
                limit);
    }

    private Page page(String sql, Object... args) {
        List<Row> rows = new ArrayList<>();
        long[] last = {Long.MIN_VALUE};
        int[] scanned = {0};
        jdbc.query(
                sql,
                rs -> {
                    long id = rs.getLong(1);
                    last[0] = id;
                    scanned[0]++;
                    Row row = row(id, rs.getBytes(2), rs.getBytes(3));
                    if (row != null) {
                        rows.add(row);
                    }
                },
                args);
        return new Page(rows, last[0], scanned[0]);
    }

    /** Deletes the rows with these ids; returns how many there were. */
    int delete(List<Long> ids) {
        int deleted = 0;
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            deleted += jdbc.update(
                    "DELETE FROM audit_outbox WHERE id IN (" + placeholders(chunk.size()) + ")", chunk.toArray());
        }
        return deleted;
    }

    /** Which of these ids still have a row. */
    Set<Long> existing(Collection<Long> ids) {
        List<Long> all = List.copyOf(ids);
        Set<Long> found = new HashSet<>();
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<Long> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            found.addAll(jdbc.queryForList(
                    "SELECT id FROM audit_outbox WHERE id IN (" + placeholders(chunk.size()) + ")",
                    Long.class,
                    chunk.toArray()));
        }
        return found;
    }

    /** The row, or null (logged) if its draft is not an entry's canonical form: it stays for someone to look at. */
    private static @Nullable Row row(long id, byte[] canonical, byte @Nullable [] frames) {
        AuditEntry entry;
        try {
            entry = StoredEntries.parse(0, canonical);
        } catch (IllegalStateException e) {
            log.error("audit_outbox row {} is not an audit entry draft, left in place: {}", id, e.getMessage());
            return null;
        }
        EntryDraft draft = new EntryDraft(
                entry.time(), entry.actor(), entry.action(), entry.subject(), entry.details(), entry.attachments());
        return new Row(id, draft, canonical, frames == null ? null : unpack(frames));
    }

    private static String placeholders(int n) {
        StringBuilder sql = new StringBuilder(3 * n);
        for (int i = 0; i < n; i++) {
            sql.append(i == 0 ? "?" : ", ?");
        }
        return sql.toString();
    }

    static byte[] pack(long[] ids) {
        ByteBuffer buffer = ByteBuffer.allocate(8 * ids.length);
        for (long id : ids) {
            buffer.putLong(id);
        }
        return buffer.array();
    }

    static long[] unpack(byte[] bytes) {
        if (bytes.length % 8 != 0) {
            throw new IllegalStateException("audit_outbox.frame_ids is not a list of 8-byte ids");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long[] ids = new long[bytes.length / 8];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = buffer.getLong();
        }
        return ids;
    }
}
