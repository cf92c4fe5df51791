package org.openects.server.audit.internal;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.openects.server.support.TestServers;

/**
 * The outbox scenarios on PostgreSQL, with its migrations (the audit guards included): each test on a database of
 * its own, created and dropped here, so that no other writer runs on it.
 */
class AuditOutboxIT extends OutboxScenarios {

    private final String name =
            "ects_outbox_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private HikariDataSource pool;

    @Override
    DataSource database() {
        TestServers.postgresUrl(); // fails with instructions if PostgreSQL is not there
        admin("CREATE DATABASE " + name);
        pool = new HikariDataSource();
        pool.setJdbcUrl(connection()[0]);
        pool.setUsername(TestServers.PG_USER);
        pool.setMaximumPoolSize(4);
        return pool;
    }

    @Override
    String[] connection() {
        return new String[] {
            "jdbc:postgresql://" + TestServers.PG_HOST + ":" + TestServers.PG_PORT + "/" + name, TestServers.PG_USER, ""
        };
    }

    @Override
    String vendor() {
        return "postgresql";
    }

    @AfterEach
    void dropTheDatabase() {
        stopTheWriters();
        if (pool != null) {
            pool.close();
        }
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void admin(String sql) {
        String url = "jdbc:postgresql://" + TestServers.PG_HOST + ":" + TestServers.PG_PORT + "/postgres";
        try (Connection connection = DriverManager.getConnection(url, TestServers.PG_USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
