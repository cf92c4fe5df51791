package org.openects.server.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The real servers the integration tests use: PostgreSQL on 127.0.0.1:5432 (trust auth, user postgres) and
 * Mosquitto on 127.0.0.1:1883. One fresh database per test JVM, dropped when the JVM ends. A missing server fails
 * the test with a message saying what to start; nothing is skipped.
 */
public final class TestServers {

    public static final String PG_HOST = System.getenv().getOrDefault("ECTS_TEST_PG_HOST", "127.0.0.1");
    public static final int PG_PORT = Integer.parseInt(System.getenv().getOrDefault("ECTS_TEST_PG_PORT", "5432"));
    public static final String PG_USER = System.getenv().getOrDefault("ECTS_TEST_PG_USER", "postgres");
    public static final String MQTT_HOST = System.getenv().getOrDefault("ECTS_TEST_MQTT_HOST", "127.0.0.1");
    public static final int MQTT_PORT = Integer.parseInt(System.getenv().getOrDefault("ECTS_TEST_MQTT_PORT", "1883"));

    /** A topic prefix unique to this JVM, so that concurrent test runs on one broker do not see each other. */
    public static final String MQTT_TOPIC_PREFIX =
            "ects-test-" + UUID.randomUUID().toString().substring(0, 8) + "/v0";

    private static String database;
    private static Path dataDir;

    private TestServers() {}

    /** The JDBC URL of this JVM's own PostgreSQL database, created on first use. */
    public static synchronized String postgresUrl() {
        if (database == null) {
            requireReachable(
                    PG_HOST,
                    PG_PORT,
                    "PostgreSQL",
                    "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start");
            String name =
                    "ects_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            execute("CREATE DATABASE " + name);
            database = name;
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(() -> execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")));
        }
        return "jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/" + database;
    }

    /**
     * The JDBC URL of a further fresh PostgreSQL database, for a platform a test starts in a process of its own;
     * dropped when this JVM ends.
     */
    public static String newPostgresDatabase() {
        postgresUrl(); // checks that PostgreSQL is reachable
        String name =
                "ects_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE DATABASE " + name);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")));
        return "jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/" + name;
    }

    /** Fails with instructions unless Mosquitto (or another MQTT broker) listens where the tests expect it. */
    public static void requireMqtt() {
        requireReachable(MQTT_HOST, MQTT_PORT, "Mosquitto", "mosquitto -d -c /etc/mosquitto/mosquitto.conf");
    }

    /** A temporary data directory for this JVM (keys, generated secrets). */
    public static synchronized Path dataDir() {
        if (dataDir == null) {
            try {
                dataDir = Files.createTempDirectory("ects-test-data");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return dataDir;
    }

    private static void execute(String sql) {
        String url = "jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/postgres";
        try (Connection connection = DriverManager.getConnection(url, PG_USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + url + " refused '" + sql + "': " + e.getMessage(), e);
        }
    }

    private static void requireReachable(String host, int port, String what, String startCommand) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
        } catch (IOException e) {
            throw new IllegalStateException(what + " is not reachable on " + host + ":" + port
                    + ". The integration tests need it: start it with `" + startCommand + "` (or run .ci/run).");
        }
    }
}
