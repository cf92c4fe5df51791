package org.openects.server.monitoring.internal;

import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads how many alerts are still open per movement, once at startup, to seed the live status. */
@Component
class AlertCounts {

    private final JdbcClient jdbc;

    AlertCounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Map<Long, Integer> openByMovement() {
        Map<Long, Integer> counts = new HashMap<>();
        jdbc.sql(
                        "SELECT movement_id, COUNT(*) FROM alerts WHERE state IN ('OPEN', 'ACKNOWLEDGED') GROUP BY movement_id")
                .query((rs, n) -> counts.put(rs.getLong(1), rs.getInt(2)))
                .list();
        return counts;
    }
}
