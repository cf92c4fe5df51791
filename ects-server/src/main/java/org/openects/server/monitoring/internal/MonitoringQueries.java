package org.openects.server.monitoring.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.openects.server.monitoring.AlertState;
import org.openects.server.movements.Movement;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads of what the hot path wrote: tracks, timelines, alerts. */
@Component
class MonitoringQueries {

    private final JdbcClient jdbc;

    MonitoringQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A reported position on a track, with the report's trust level ({@code SIGNED}, {@code CHANNEL_AUTHENTICATED} or
     * {@code IDENTIFIED}: only identified by the device id it carries).
     */
    record TrackPoint(
            Instant at,
            double latitude,
            double longitude,
            String seal,
            String lock,
            String door,
            boolean history,
            String trust) {}

    /**
     * One page of a track: the points after {@code after} in (device time, report id) order.
     *
     * @param points at most the limit asked for
     * @param next where the next page starts, or {@code null} when this page ends the track
     */
    record TrackPage(List<TrackPoint> points, @Nullable TrackCursor next) {}

    /** A place in a track's order: after the point of this device time and report id. */
    record TrackCursor(Instant deviceTime, long reportId) {

        /** The cursor as an opaque, URL-safe token. */
        String token() {
            return java.util.Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString((deviceTime + "/" + reportId).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }

        /**
         * Reads a token made by {@link #token()}.
         *
         * @throws org.openects.server.shared.InvalidFieldException naming {@code after} when it is not one
         */
        static TrackCursor parse(String token) {
            try {
                String text = new String(
                        java.util.Base64.getUrlDecoder().decode(token), java.nio.charset.StandardCharsets.US_ASCII);
                int slash = text.indexOf('/');
                return new TrackCursor(
                        Instant.parse(text.substring(0, slash)), Long.parseLong(text.substring(slash + 1)));
            } catch (RuntimeException e) {
                throw new org.openects.server.shared.InvalidFieldException(
                        "after", "must be the cursor of a previous page (its Link: rel=\"next\")");
            }
        }
    }

    TrackPage track(long movementId, @Nullable TrackCursor after, int limit) {
        List<Object> params = new ArrayList<>(List.of(movementId));
        String from = "";
        if (after != null) {
            from = " AND (device_time > ? OR (device_time = ? AND id > ?))";
            params.add(Timestamp.from(after.deviceTime()));
            params.add(Timestamp.from(after.deviceTime()));
            params.add(after.reportId());
        }
        params.add(limit + 1);
        List<TrackCursor> cursors = new ArrayList<>();
        List<TrackPoint> points = jdbc.sql("""
                        SELECT device_time, latitude, longitude, seal, lock_state, door_state, history, id, trust
                        FROM reports
                        WHERE movement_id = ? AND latitude IS NOT NULL""" + from + " ORDER BY device_time, id LIMIT ?")
                .params(params)
                .query((rs, n) -> {
                    cursors.add(new TrackCursor(rs.getTimestamp(1).toInstant(), rs.getLong(8)));
                    return new TrackPoint(
                            rs.getTimestamp(1).toInstant(),
                            rs.getDouble(2),
                            rs.getDouble(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getBoolean(7),
                            rs.getString(9));
                })
                .list();
        if (points.size() <= limit) {
            return new TrackPage(points, null);
        }
        return new TrackPage(List.copyOf(points.subList(0, limit)), cursors.get(limit - 1));
    }

    List<EventView> events(long movementId) {
        return jdbc.sql("""
                        SELECT e.*, (SELECT COUNT(*) FROM alerts a WHERE a.event_id = e.id) AS alerts
                        FROM movement_events e WHERE e.movement_id = ? ORDER BY e.occurred_at, e.id""")
                .param(movementId)
                .query((rs, n) -> new EventView(
                        rs.getLong("id"),
                        rs.getLong("movement_id"),
                        rs.getString("type"),
                        rs.getString("severity"),
                        rs.getTimestamp("occurred_at").toInstant(),
                        nullableDouble(rs, "latitude"),
                        nullableDouble(rs, "longitude"),
                        rs.getBoolean("late"),
                        rs.getString("detail"),
                        rs.getLong("alerts") > 0))
                .list();
    }

    /** Alerts of the given movements (all movements when {@code movements} is null), newest first. */
    List<AlertView> alerts(
            @Nullable Collection<Movement> visible, @Nullable AlertState state, Map<Long, Movement> byId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM alerts WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (state != null) {
            sql.append(" AND state = ?");
            params.add(state.name());
        }
        if (visible != null) {
            if (visible.isEmpty()) {
                return List.of();
            }
            sql.append(" AND movement_id IN (")
                    .append(visible.stream().map(m -> "?").collect(Collectors.joining(",")))
                    .append(')');
            for (Movement m : visible) {
                params.add(m.id());
            }
        }
        sql.append(" ORDER BY raised_at DESC, id DESC LIMIT ?");
        params.add(limit);
        return jdbc.sql(sql.toString())
                .params(params)
                .query((rs, n) -> alert(rs, byId))
                .list();
    }

    Optional<AlertView> alert(long id, Map<Long, Movement> byId) {
        return jdbc.sql("SELECT * FROM alerts WHERE id = ?")
                .param(id)
                .query((rs, n) -> alert(rs, byId))
                .optional();
    }

    Optional<Long> movementOfAlert(long id) {
        return jdbc.sql("SELECT movement_id FROM alerts WHERE id = ?")
                .param(id)
                .query(Long.class)
                .optional();
    }

    /** Moves an alert from one of {@code from} states to {@code to}; false when it was not in one of them. */
    boolean transition(
            long id,
            List<AlertState> from,
            AlertState to,
            String actor,
            @Nullable String resolution,
            @Nullable String reason) {
        Timestamp now = Timestamp.from(Instant.now());
        String inStates = from.stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(","));
        if (to == AlertState.ACKNOWLEDGED) {
            return jdbc.sql(
                                    "UPDATE alerts SET state = ?, acknowledged_by = ?, acknowledged_at = ? WHERE id = ? AND state IN ("
                                            + inStates + ")")
                            .params(to.name(), actor, now, id)
                            .update()
                    == 1;
        }
        return jdbc.sql(
                                "UPDATE alerts SET state = ?, resolved_by = ?, resolved_at = ?, resolution = ?, resolution_reason = ?"
                                        + " WHERE id = ? AND state IN (" + inStates + ")")
                        .params(to.name(), actor, now, resolution, reason, id)
                        .update()
                == 1;
    }

    private static AlertView alert(ResultSet rs, Map<Long, Movement> byId) throws SQLException {
        long movementId = rs.getLong("movement_id");
        Movement movement = byId.get(movementId);
        return new AlertView(
                rs.getLong("id"),
                movementId,
                movement == null ? "" : movement.reference(),
                rs.getString("device_id"),
                rs.getString("type"),
                rs.getString("severity"),
                AlertState.valueOf(rs.getString("state")),
                rs.getTimestamp("raised_at").toInstant(),
                nullableDouble(rs, "latitude"),
                nullableDouble(rs, "longitude"),
                rs.getBoolean("late"),
                rs.getString("detail"),
                rs.getString("acknowledged_by"),
                rs.getString("resolved_by"),
                rs.getString("resolution"),
                rs.getString("resolution_reason"));
    }

    private static @Nullable Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }
}
