package org.openects.server.audit.cli;

import java.sql.PreparedStatement;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openects.server.audit.FrameArchive;
import org.openects.server.audit.MovementActivity;
import org.openects.server.audit.MovementActivitySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * The audit benchmark's stand-in for the monitoring and ingress modules ({@link AuditBenchMain} runs without Spring,
 * so without them): the movement's alerts and report frames, and the frames' digests, read straight from their tables
 * as those modules do. Benchmark tooling only, exempt from the module table check like the benchmark itself.
 */
final class BenchTables implements MovementActivitySource, FrameArchive {

    private final JdbcTemplate jdbc;

    BenchTables(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public MovementActivity activityOf(long movementId) {
        return MovementActivity.NONE;
    }

    @Override
    public List<Long> alertIdsOf(long movementId) {
        return jdbc.queryForList("SELECT id FROM alerts WHERE movement_id = ? ORDER BY id", Long.class, movementId);
    }

    @Override
    public List<Long> rawMessageIdsOf(long movementId) {
        return jdbc.queryForList(
                "SELECT DISTINCT raw_message_id FROM reports WHERE movement_id = ? ORDER BY raw_message_id",
                Long.class,
                movementId);
    }

    @Override
    public Map<Long, Frame> frames(Collection<Long> rawMessageIds) {
        Long[] ids = rawMessageIds.toArray(Long[]::new);
        Map<Long, Frame> frames = new HashMap<>();
        // The benchmark runs on PostgreSQL: one query for all the ids, as the ingress module asks there.
        jdbc.query(
                connection -> {
                    PreparedStatement query = connection.prepareStatement(
                            "SELECT id, digest, claimed_device_id, received_at FROM raw_messages WHERE id = ANY(?)");
                    query.setArray(1, connection.createArrayOf("bigint", ids));
                    return query;
                },
                (RowCallbackHandler) rs -> frames.put(
                        rs.getLong(1),
                        new Frame(
                                rs.getLong(1),
                                rs.getBytes(2),
                                rs.getString(3),
                                rs.getTimestamp(4).toInstant())));
        return frames;
    }
}
