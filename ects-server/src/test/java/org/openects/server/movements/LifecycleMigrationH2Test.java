package org.openects.server.movements;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Migrations V44 and V47 keep the movements that existed before the lifecycle: ACTIVE becomes IN_TRANSIT and keeps its
 * device, COMPLETED becomes CLOSED, and each gets its history (on H2, the single box's database).
 */
class LifecycleMigrationH2Test {

    @Test
    void existingMovementsGetTheirNewStatesDevicesAndHistory() throws Exception {
        String url = "jdbc:h2:mem:lifecycle-migration;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        Flyway before = Flyway.configure()
                .dataSource(url, "ects", "")
                .locations("classpath:db/migration/common", "classpath:db/migration/h2")
                .target("40")
                .load();
        before.migrate();
        try (Connection c = DriverManager.getConnection(url, "ects", "");
                Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO movements (reference, trader_organisation_id, device_id, state, origin_name,"
                    + " destination_name, route_plan, created_at, created_by) VALUES ('MRN-A', 1, 'SEAL-A', 'ACTIVE',"
                    + " 'A', 'B', '{}', TIMESTAMP WITH TIME ZONE '2026-01-01 08:00:00+00', 'officer-a')");
            s.executeUpdate("INSERT INTO movements (reference, trader_organisation_id, device_id, state, origin_name,"
                    + " destination_name, route_plan, created_at, created_by, ended_at, ended_by, end_reason) VALUES"
                    + " ('MRN-C', 1, 'SEAL-C', 'COMPLETED', 'A', 'B', '{}',"
                    + " TIMESTAMP WITH TIME ZONE '2026-01-01 08:00:00+00', 'officer-a',"
                    + " TIMESTAMP WITH TIME ZONE '2026-01-02 09:00:00+00', 'officer-b', 'released at Kampala')");

            Flyway.configure()
                    .dataSource(url, "ects", "")
                    .locations("classpath:db/migration/common", "classpath:db/migration/h2")
                    .load()
                    .migrate();

            assertThat(rows(s, "SELECT reference, state FROM movements ORDER BY reference"))
                    .containsExactly("MRN-A IN_TRANSIT", "MRN-C CLOSED");
            assertThat(rows(
                            s,
                            "SELECT m.reference, d.device_id, d.held FROM movement_devices d"
                                    + " JOIN movements m ON m.id = d.movement_id ORDER BY m.reference"))
                    .containsExactly("MRN-A SEAL-A true", "MRN-C SEAL-C false");
            assertThat(rows(
                            s,
                            "SELECT m.reference, t.from_state, t.to_state, t.actor, t.reason FROM movement_transitions t"
                                    + " JOIN movements m ON m.id = t.movement_id ORDER BY m.reference, t.id"))
                    .containsExactly(
                            "MRN-A null IN_TRANSIT officer-a started directly",
                            "MRN-C null IN_TRANSIT officer-a started directly",
                            "MRN-C IN_TRANSIT CLOSED officer-b released at Kampala");
            // a declared movement has no device yet
            s.executeUpdate("INSERT INTO movements (reference, trader_organisation_id, state, origin_name,"
                    + " destination_name, route_plan, created_at, created_by, state_since) VALUES ('MRN-D', 1,"
                    + " 'SEALS_REQUESTED', 'A', 'B', '{}', CURRENT_TIMESTAMP, 'trader', CURRENT_TIMESTAMP)");
            assertThat(rows(s, "SELECT reference, state FROM movements WHERE device_id IS NULL"))
                    .containsExactly("MRN-D SEALS_REQUESTED");
        }
    }

    private static List<String> rows(Statement s, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(String.valueOf(rs.getObject(i)));
                }
                rows.add(String.join(" ", values));
            }
        }
        return rows;
    }
}
