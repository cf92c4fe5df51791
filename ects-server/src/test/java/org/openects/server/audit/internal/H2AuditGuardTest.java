package org.openects.server.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * The single-box database guards the audit log as PostgreSQL does (migration V32): UPDATE, DELETE and TRUNCATE of the
 * log's tables are refused, the tree size may only grow; the start-up check finds a dropped guard and then stops a
 * production start, and production does not start on H2 unless allowed.
 */
class H2AuditGuardTest {

    JdbcTemplate jdbc;

    @BeforeEach
    void migratedH2() {
        String url = "jdbc:h2:mem:guards-" + System.nanoTime()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        Flyway.configure()
                .dataSource(url, "ects", "")
                .locations("classpath:db/migration/common", "classpath:db/migration/h2")
                .load()
                .migrate();
        jdbc = new JdbcTemplate(new SimpleDriverDataSource(new org.h2.Driver(), url, "ects", ""));
        jdbc.update(
                "INSERT INTO audit_entries VALUES (0, CURRENT_TIMESTAMP, 'user:a', 'test', 't', '1', X'00', X'01')");
        jdbc.update("INSERT INTO audit_tree_nodes VALUES (0, 0, X'01')");
        jdbc.update(
                "INSERT INTO audit_checkpoints (size, root, note, created_at) VALUES (1, X'01', 'n', CURRENT_TIMESTAMP)");
        jdbc.update("INSERT INTO audit_frames VALUES (7, 0, 0)");
    }

    @Test
    void updatesDeletesAndTruncatesOfTheLogAreRefused() {
        for (String sql : new String[] {
            "UPDATE audit_entries SET actor = 'user:mallory'",
            "DELETE FROM audit_entries",
            "TRUNCATE TABLE audit_entries",
            "UPDATE audit_tree_nodes SET hash = X'02'",
            "DELETE FROM audit_tree_nodes",
            "UPDATE audit_checkpoints SET note = 'x'",
            "DELETE FROM audit_checkpoints",
            "UPDATE audit_frames SET frame_index = 1",
            "DELETE FROM audit_frames",
            "TRUNCATE TABLE audit_frames",
            "UPDATE audit_tree_size SET size = size - 1",
            "DELETE FROM audit_tree_size",
            "TRUNCATE TABLE audit_tree_size"
        }) {
            assertThatThrownBy(() -> jdbc.execute(sql)).as(sql).isInstanceOf(DataAccessException.class);
        }
        assertThat(jdbc.queryForObject("SELECT actor FROM audit_entries", String.class))
                .isEqualTo("user:a");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_frames", Integer.class))
                .isEqualTo(1);
    }

    @Test
    void theTreeSizeMayGrowAndNewEntriesGoIn() {
        jdbc.update("UPDATE audit_tree_size SET size = size + 1");
        jdbc.update(
                "INSERT INTO audit_entries VALUES (1, CURRENT_TIMESTAMP, 'user:b', 'test', 't', '2', X'00', X'02')");

        assertThat(jdbc.queryForObject("SELECT size FROM audit_tree_size", Long.class))
                .isEqualTo(1L);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_entries", Integer.class))
                .isEqualTo(2);
    }

    @Test
    void theStartUpCheckFindsADroppedGuardAndProductionThenRefusesToStart() {
        StandardEnvironment production = new StandardEnvironment();
        production.setActiveProfiles("production");
        AuditStorageProperties h2Allowed =
                new AuditStorageProperties(true, new AuditStorageProperties.Datasource(null, null, null));
        assertThat(AuditGuardCheck.missingOnH2(jdbc)).isEmpty();
        new AuditGuardCheck(jdbc, production, h2Allowed);

        jdbc.execute("DROP TRIGGER audit_entries_append_only");

        assertThat(AuditGuardCheck.missingOnH2(jdbc)).containsExactly("audit_entries_append_only");
        assertThatThrownBy(() -> new AuditGuardCheck(jdbc, production, h2Allowed))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("audit_entries_append_only");
        new AuditGuardCheck(jdbc, new StandardEnvironment(), AuditStorageProperties.NONE); // elsewhere a warning
    }

    @Test
    void productionDoesNotStartOnH2UnlessAllowed() {
        StandardEnvironment production = new StandardEnvironment();
        production.setActiveProfiles("production");

        assertThatThrownBy(() -> new AuditGuardCheck(jdbc, production, AuditStorageProperties.NONE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("allow-h2-in-production");
        new AuditGuardCheck(jdbc, new StandardEnvironment(), AuditStorageProperties.NONE);
    }
}
