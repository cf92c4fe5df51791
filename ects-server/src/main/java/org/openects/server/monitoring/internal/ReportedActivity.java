package org.openects.server.monitoring.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.openects.server.audit.MovementActivity;
import org.openects.server.audit.MovementActivitySource;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the monitoring recorded about a movement, for the audit module's exports: its reports, events and alerts for
 * the PDF report (one query per table, after letting the batch writer store what the hot path has queued), the ids of
 * its alerts (whose audit entries are about it) and of the raw messages its reports came from (its evidence bundle's
 * frames), each one query on this module's tables.
 */
@Component
class ReportedActivity implements MovementActivitySource {

    /** The longest the export waits for rows still queued for the batch writer. */
    private static final long WAIT_FOR_WRITER_MILLIS = 1_000;

    private final JdbcClient jdbc;
    private final BatchWriter writer;

    ReportedActivity(JdbcClient jdbc, BatchWriter writer) {
        this.jdbc = jdbc;
        this.writer = writer;
    }

    @Override
    public MovementActivity activityOf(long movementId) {
        try {
            writer.awaitWritten(WAIT_FOR_WRITER_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long[] reports = {0};
        List<MovementActivity.Position> track = new ArrayList<>();
        jdbc.sql("""
                        SELECT device_time, latitude, longitude, history FROM reports
                        WHERE movement_id = ? ORDER BY device_time, id""").param(movementId).query((RowCallbackHandler) rs -> {
            reports[0]++;
            double latitude = rs.getDouble(2);
            if (rs.wasNull()) {
                return;
            }
            track.add(new MovementActivity.Position(
                    rs.getTimestamp(1).toInstant(), latitude, rs.getDouble(3), rs.getBoolean(4)));
        });
        List<MovementActivity.Event> events = jdbc.sql("""
                        SELECT id, occurred_at, type, severity, latitude, longitude, late, detail FROM movement_events
                        WHERE movement_id = ? ORDER BY occurred_at, id""")
                .param(movementId)
                .query((rs, n) -> new MovementActivity.Event(
                        rs.getLong("id"),
                        rs.getTimestamp("occurred_at").toInstant(),
                        rs.getString("type"),
                        rs.getString("severity"),
                        nullableDouble(rs, "latitude"),
                        nullableDouble(rs, "longitude"),
                        rs.getBoolean("late"),
                        rs.getString("detail")))
                .list();
        List<MovementActivity.Alert> alerts = jdbc.sql(
                        "SELECT * FROM alerts WHERE movement_id = ? ORDER BY raised_at, id")
                .param(movementId)
                .query((rs, n) -> new MovementActivity.Alert(
                        rs.getLong("id"),
                        rs.getLong("event_id"),
                        rs.getTimestamp("raised_at").toInstant(),
                        rs.getString("type"),
                        rs.getString("severity"),
                        rs.getString("state"),
                        nullableDouble(rs, "latitude"),
                        nullableDouble(rs, "longitude"),
                        rs.getBoolean("late"),
                        rs.getString("detail"),
                        rs.getString("acknowledged_by"),
                        instant(rs.getTimestamp("acknowledged_at")),
                        rs.getString("resolved_by"),
                        instant(rs.getTimestamp("resolved_at")),
                        rs.getString("resolution"),
                        rs.getString("resolution_reason")))
                .list();
        return new MovementActivity(reports[0], track, events, alerts);
    }

    @Override
    public List<Long> alertIdsOf(long movementId) {
        return jdbc.sql("SELECT id FROM alerts WHERE movement_id = ? ORDER BY id")
                .param(movementId)
                .query(Long.class)
                .list();
    }

    @Override
    public List<Long> rawMessageIdsOf(long movementId) {
        return jdbc.sql("SELECT DISTINCT raw_message_id FROM reports WHERE movement_id = ? ORDER BY raw_message_id")
                .param(movementId)
                .query(Long.class)
                .list();
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static @Nullable Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }
}
