package org.openects.server.monitoring.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.openects.domain.Report;
import org.openects.server.shared.TimeOrderedIds;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The derivation watermark over the raw archive, in memory, and its row ({@code derivation_watermark}). Raw message
 * ids are time ordered. A raw message is pending from when its reports are submitted until the report row of its last
 * report is written (a report's events and alerts are queued before its report row, so they are written by then); an
 * ingest lane's hold is the lowest id it may still submit. The safe point is just below the lowest pending id and
 * hold, or below the next id when there is neither: every accepted raw message at or below it is derived.
 */
@Component
class DerivationWatermark {

    private final JdbcTemplate jdbc;
    /** Raw message id to the number of its reports whose row is not written yet. */
    private final ConcurrentSkipListMap<Long, Integer> pending = new ConcurrentSkipListMap<>();

    private final Set<Hold> holds = ConcurrentHashMap.newKeySet();

    DerivationWatermark(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One ingest lane's hold: the lowest raw message id it may still submit, {@link Long#MAX_VALUE} when none. */
    final class Hold {
        private volatile long floor = Long.MAX_VALUE;

        Hold() {
            holds.add(this);
        }

        void hold() {
            floor = TimeOrderedIds.next();
        }

        void release() {
            floor = Long.MAX_VALUE;
        }
    }

    /** The reports are about to be queued: their raw messages are pending until their rows are written. */
    void expect(List<Report> reports) {
        for (Report report : reports) {
            pending.merge(report.rawMessageId(), 1, Integer::sum);
        }
    }

    /** The row of one report of this raw message is committed. */
    void written(long rawMessageId) {
        pending.computeIfPresent(rawMessageId, (id, left) -> left <= 1 ? null : left - 1);
    }

    /** Whether no raw message at or below {@code rawMessageId} is pending. */
    boolean derivedThrough(long rawMessageId) {
        Map.Entry<Long, Integer> first = pending.firstEntry();
        return first == null || first.getKey() > rawMessageId;
    }

    /** The highest raw message id through which everything is derived, as of now. */
    long safePoint() {
        // The id first: a hold taken after this line is above it; one taken before is seen below, and a lane
        // registers its pending messages before it releases its hold.
        long point = TimeOrderedIds.next();
        for (Hold hold : holds) {
            point = Math.min(point, hold.floor);
        }
        Map.Entry<Long, Integer> first = pending.firstEntry();
        if (first != null) {
            point = Math.min(point, first.getKey());
        }
        return point - 1;
    }

    /** Persists {@code through} as the watermark, in the caller's transaction. */
    void persist(long through) {
        jdbc.update(
                "UPDATE derivation_watermark SET raw_message_id = ? WHERE id = 1"
                        + " AND (raw_message_id IS NULL OR raw_message_id < ?)",
                through,
                through);
    }

    /** The persisted watermark, {@code -1} when not known. */
    long persisted() {
        Long through = jdbc.queryForObject("SELECT raw_message_id FROM derivation_watermark WHERE id = 1", Long.class);
        return through == null ? -1 : through;
    }
}
