package org.openects.server.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openects.server.audit.AuditEvent;
import org.openects.server.support.TestServers;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * The deployment of docs/operations.md ("The audit writer's own database role") on a real PostgreSQL: the application
 * role, not a superuser, migrates its own database; once the operator steps are done it cannot UPDATE, DELETE or
 * TRUNCATE audit rows, nor append them, for lack of privileges (before any trigger runs), while the audit writer,
 * connected as {@code ects_audit_writer} through {@code ects.audit.datasource.*}, appends what the application
 * recorded.
 */
class AuditRolesIT {

    final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    final String app = "ects_app_" + suffix;
    final String database = "ects_roles_" + suffix;

    @TempDir
    Path dataDir;

    @BeforeEach
    void aDatabaseMigratedByTheApplicationRole() throws SQLException {
        TestServers.postgresUrl(); // fails with instructions when PostgreSQL is not running
        superuser("postgres", "CREATE ROLE " + app + " LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB");
        superuser("postgres", "CREATE DATABASE " + database + " OWNER " + app);
        // Operator step 1: the audit roles exist and the application may hand the audit tables over (V8).
        for (String role : new String[] {"ects_audit_owner", "ects_audit_writer"}) {
            superuser(
                    "postgres",
                    "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + role + "') THEN"
                            + " CREATE ROLE " + role + " NOLOGIN; END IF;"
                            + " EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$");
        }
        superuser("postgres", "GRANT ects_audit_owner TO " + app);

        // Step 2: the platform's first start migrates as the application role.
        Flyway.configure()
                .dataSource(url(), app, "")
                .locations("classpath:db/migration/common", "classpath:db/migration/postgresql")
                .load()
                .migrate();

        // Step 3: the application gives up the owner's rights; step 4: the writer logs in, the application stops
        // appending itself.
        superuser("postgres", "REVOKE ects_audit_owner FROM " + app);
        superuser("postgres", "ALTER ROLE ects_audit_writer LOGIN");
        superuser(
                database,
                "REVOKE INSERT ON audit_entries, audit_tree_nodes, audit_checkpoints, audit_frames FROM " + app);
        superuser(database, "REVOKE UPDATE ON audit_tree_size FROM " + app);
    }

    @AfterEach
    void dropIt() throws SQLException {
        superuser("postgres", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        superuser("postgres", "DROP ROLE IF EXISTS " + app);
    }

    @Test
    void theApplicationRoleCannotChangeAuditRowsAndTheWriterRoleAppendsWhatItRecorded() throws Exception {
        JdbcTemplate application =
                new JdbcTemplate(new SimpleDriverDataSource(new org.postgresql.Driver(), url(), app, ""));
        SequencedAuditLog log = new SequencedAuditLog(
                application,
                new JdbcTransactionManager(application.getDataSource()),
                new AuditProperties("roles.test/audit", null, Duration.ofSeconds(10), 10_000, 1_000),
                new AuditStorageProperties(
                        false, new AuditStorageProperties.Datasource(url(), "ects_audit_writer", "")),
                dataDir);
        log.start();
        try {
            log.record(AuditEvent.now(
                    AuditEvent.user("roles-test"), "test.recorded", "test", "roles", Map.of("by", "the app")));
            assertThat(log.awaitRecorded(Duration.ofSeconds(20))).isTrue();
            log.checkpointNow();
        } finally {
            log.stop();
        }
        assertThat(application.queryForObject(
                        "SELECT actor FROM audit_entries WHERE subject_type = 'test' AND subject_id = 'roles'",
                        String.class))
                .as("appended by the writer role, readable by the application")
                .isEqualTo("user:roles-test");

        for (String sql : new String[] {
            "UPDATE audit_entries SET actor = 'user:mallory'",
            "DELETE FROM audit_entries",
            "TRUNCATE audit_entries",
            "UPDATE audit_tree_size SET size = size + 1",
            "DELETE FROM audit_tree_nodes",
            "UPDATE audit_checkpoints SET note = 'x'",
            "INSERT INTO audit_checkpoints (size, root, note, created_at) VALUES (1, '\\x00', 'forged', now())"
        }) {
            assertThatThrownBy(() -> as(app, sql))
                    .as(sql)
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("permission denied");
        }
        for (String sql : new String[] {
            "UPDATE audit_entries SET actor = 'user:mallory'", "DELETE FROM audit_entries", "TRUNCATE audit_entries"
        }) {
            assertThatThrownBy(() -> as("ects_audit_writer", sql))
                    .as("the writer, too: " + sql)
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("permission denied");
        }
        assertThat(application.queryForObject("SELECT COUNT(*) FROM audit_entries", Integer.class))
                .isPositive();
    }

    private String url() {
        return "jdbc:postgresql://" + TestServers.PG_HOST + ":" + TestServers.PG_PORT + "/" + database;
    }

    private void as(String role, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(), role, "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void superuser(String database, String sql) throws SQLException {
        String url = "jdbc:postgresql://" + TestServers.PG_HOST + ":" + TestServers.PG_PORT + "/" + database;
        try (Connection c = DriverManager.getConnection(url, TestServers.PG_USER, "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
