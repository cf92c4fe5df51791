package org.openects.server.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The single-box database: every migration runs on H2 in PostgreSQL mode, as configured in application.yml (the
 * integration tests run the same migrations on PostgreSQL).
 */
class H2MigrationsTest {

    @Test
    void everyMigrationRunsOnH2InPostgresMode() throws Exception {
        String url =
                "jdbc:h2:mem:migrations;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        Flyway flyway = Flyway.configure()
                .dataSource(url, "ects", "")
                .locations("classpath:db/migration/common", "classpath:db/migration/h2")
                .load();

        int applied = flyway.migrate().migrationsExecuted;

        assertThat(applied).isGreaterThanOrEqualTo(5);
        List<String> tables = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, "ects", "");
                ResultSet rs = c.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME"));
            }
        }
        assertThat(tables)
                .contains("users", "organisations", "devices", "movements", "raw_messages", "reports", "alerts");
    }
}
