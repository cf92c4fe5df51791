package org.openects.server.ingress.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;
import org.openects.domain.TrustLevel;
import org.openects.server.shared.BulkRows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The duplicate keys of readings from devices without a message counter ({@link RecentReadings}), kept in table
 * {@code legacy_reading_keys} so that history a legacy device sends again after a platform restart is still
 * recognised. The keys accepted in an ingest batch are inserted in the batch's transaction; at start the keys of the
 * last {@value #RETENTION_HOURS} hours are loaded, and each device's ring is seeded from them when its first reading
 * arrives. Older keys are deleted hourly.
 */
@Component
class LegacyReadingKeys {

    private static final Logger log = LoggerFactory.getLogger(LegacyReadingKeys.class);

    /** How long a key is kept, and reloaded at start. */
    static final int RETENTION_HOURS = 24;

    private static final Duration RETENTION = Duration.ofHours(RETENTION_HOURS);

    private final JdbcTemplate jdbc;
    private final boolean postgres;
    /** The keys loaded at start, per device, oldest first; taken (and forgotten) when the device's ring is built. */
    private final Map<DeviceId, List<Long>> loaded = new HashMap<>();

    LegacyReadingKeys(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.postgres = BulkRows.isPostgres(jdbc);
        long[] count = {0};
        jdbc.query(
                "SELECT device_id, reading_key FROM legacy_reading_keys WHERE received_at > ? ORDER BY received_at",
                (RowCallbackHandler) rs -> {
                    loaded.computeIfAbsent(DeviceId.of(rs.getString(1)), d -> new ArrayList<>())
                            .add(rs.getLong(2));
                    count[0]++;
                },
                Timestamp.from(Instant.now().minus(RETENTION)));
        log.info("Legacy duplicate keys: {} of {} devices reloaded", count[0], loaded.size());
    }

    /** The device's ring of recent readings, seeded with the keys persisted for it before the start. */
    RecentReadings restored(DeviceId device) {
        RecentReadings readings = new RecentReadings();
        List<Long> keys;
        synchronized (loaded) {
            keys = loaded.remove(device);
        }
        if (keys != null) {
            for (long key : keys) {
                readings.firstTime(key);
            }
        }
        return readings;
    }

    /** Whether the ingress screens this report by its duplicate key (no usable counter) rather than its counter. */
    static boolean keyed(Report report) {
        return !(report.trust() == TrustLevel.SIGNED && report.counter() >= 0);
    }

    /**
     * Inserts the duplicate keys of the accepted reports that have one; call it in the transaction that archives
     * them.
     */
    void insert(List<Report> accepted) {
        BulkRows rows = new BulkRows(postgres, "legacy_reading_keys", "device_id", "reading_key", "received_at");
        for (Report report : accepted) {
            if (keyed(report)) {
                rows.row()
                        .text(report.deviceId().value())
                        .bigint(RecentReadings.key(report))
                        .timestamptz(report.receivedAt());
            }
        }
        if (rows.size() > 0) {
            rows.insert(jdbc);
        }
    }

    /** Deletes the keys older than the retention. */
    @Scheduled(fixedDelay = 1, initialDelay = 1, timeUnit = TimeUnit.HOURS)
    void prune() {
        int deleted = jdbc.update(
                "DELETE FROM legacy_reading_keys WHERE received_at < ?",
                Timestamp.from(Instant.now().minus(RETENTION)));
        log.debug("Legacy duplicate keys: {} older than {} h deleted", deleted, RETENTION_HOURS);
    }
}
