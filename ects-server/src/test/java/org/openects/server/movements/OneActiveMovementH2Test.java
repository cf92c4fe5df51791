package org.openects.server.movements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The single-box database (H2) holds a device on one movement at most as PostgreSQL does: its generated column and
 * unique index over {@code movement_devices} refuse a second movement holding a device and admit any number of
 * movements that released it.
 */
class OneActiveMovementH2Test {

    @Test
    void h2RefusesASecondMovementHoldingTheSameDevice() throws Exception {
        String url = "jdbc:h2:mem:one-active;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;"
                + "DB_CLOSE_DELAY=-1";
        Flyway.configure()
                .dataSource(url, "ects", "")
                .locations("classpath:db/migration/common", "classpath:db/migration/h2")
                .load()
                .migrate();
        try (Connection c = DriverManager.getConnection(url, "ects", "")) {
            insert(c, "MRN-1", "SEAL-1", "IN_TRANSIT", true);
            insert(c, "MRN-2", "SEAL-1", "CLOSED", false);
            insert(c, "MRN-3", "SEAL-1", "CANCELLED", false);
            insert(c, "MRN-4", "SEAL-2", "IN_TRANSIT", true);

            assertThatThrownBy(() -> insert(c, "MRN-5", "SEAL-1", "SEALS_ASSIGNED", true))
                    .isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState())
                    .isEqualTo("23505");

            try (PreparedStatement end = c.prepareStatement("UPDATE movement_devices SET held = FALSE"
                    + " WHERE movement_id = (SELECT id FROM movements WHERE reference = ?)")) {
                end.setString(1, "MRN-1");
                assertThat(end.executeUpdate()).isEqualTo(1);
            }
            insert(c, "MRN-6", "SEAL-1", "IN_TRANSIT", true);
        }
    }

    private static void insert(Connection c, String reference, String device, String state, boolean held)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO movements (reference, trader_organisation_id,"
                + " device_id, state, origin_name, destination_name, route_plan, created_at, created_by, state_since)"
                + " VALUES (?, 1, ?, ?, 'A', 'B', '{}', CURRENT_TIMESTAMP, 'test', CURRENT_TIMESTAMP)")) {
            insert.setString(1, reference);
            insert.setString(2, device);
            insert.setString(3, state);
            insert.executeUpdate();
        }
        try (PreparedStatement hold = c.prepareStatement("INSERT INTO movement_devices (movement_id, device_id, role,"
                + " ordinal, held) SELECT id, ?, 'SEAL', 0, ? FROM movements WHERE reference = ?")) {
            hold.setString(1, device);
            hold.setBoolean(2, held);
            hold.setString(3, reference);
            hold.executeUpdate();
        }
    }
}
