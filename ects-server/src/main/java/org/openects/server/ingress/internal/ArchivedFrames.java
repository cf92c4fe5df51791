package org.openects.server.ingress.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openects.server.audit.FrameArchive;
import org.openects.server.shared.BulkRows;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * The raw archive's frames for the audit module (frame proofs, evidence bundles): the ingress owns the
 * {@code raw_messages} table, so it answers. On PostgreSQL one query for all the ids (an array parameter), elsewhere
 * (H2) one per {@value #IDS_PER_QUERY} ids.
 */
@Component
class ArchivedFrames implements FrameArchive {

    /** The most ids in one query on H2. */
    static final int IDS_PER_QUERY = 1_000;

    private static final String COLUMNS = "SELECT id, digest, claimed_device_id, received_at FROM raw_messages";

    private final JdbcTemplate jdbc;
    private final boolean postgres;

    ArchivedFrames(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.postgres = BulkRows.isPostgres(jdbc);
    }

    @Override
    public Map<Long, Frame> frames(Collection<Long> rawMessageIds) {
        List<Long> ids = new ArrayList<>(rawMessageIds);
        Map<Long, Frame> frames = new HashMap<>(ids.size() * 2);
        if (ids.isEmpty()) {
            return frames;
        }
        RowCallbackHandler collect = rs -> frames.put(rs.getLong(1), frame(rs));
        if (postgres) {
            jdbc.query(
                    connection -> {
                        PreparedStatement query = connection.prepareStatement(COLUMNS + " WHERE id = ANY(?)");
                        query.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
                        return query;
                    },
                    collect);
            return frames;
        }
        for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY));
            jdbc.query(
                    COLUMNS + " WHERE id IN (" + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")",
                    collect,
                    chunk.toArray());
        }
        return frames;
    }

    private static Frame frame(ResultSet rs) throws SQLException {
        return new Frame(
                rs.getLong(1),
                rs.getBytes(2),
                rs.getString(3),
                rs.getTimestamp(4).toInstant());
    }
}
