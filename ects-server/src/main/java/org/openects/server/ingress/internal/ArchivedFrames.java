package org.openects.server.ingress.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openects.server.audit.FrameArchive;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * The raw archive's frames for the audit module (frame proofs, evidence bundles): the ingress owns the
 * {@code raw_messages} table, so it answers; one query per {@value #IDS_PER_QUERY} ids.
 */
@Component
class ArchivedFrames implements FrameArchive {

    /** The most ids asked for in one query. */
    static final int IDS_PER_QUERY = 1_000;

    private final JdbcTemplate jdbc;

    ArchivedFrames(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<Long, Frame> frames(Collection<Long> rawMessageIds) {
        List<Long> ids = new ArrayList<>(rawMessageIds);
        Map<Long, Frame> frames = new HashMap<>(ids.size() * 2);
        for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY));
            jdbc.query(
                    "SELECT id, digest, claimed_device_id, received_at FROM raw_messages WHERE id IN ("
                            + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")",
                    (RowCallbackHandler) rs -> {
                        long id = rs.getLong(1);
                        frames.put(
                                id,
                                new Frame(
                                        id,
                                        rs.getBytes(2),
                                        rs.getString(3),
                                        rs.getTimestamp(4).toInstant()));
                    },
                    chunk.toArray());
        }
        return frames;
    }
}
