package org.openects.server.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;
import org.openects.domain.SealState;
import org.openects.server.EctsApplication;
import org.openects.server.support.Api;
import org.openects.server.support.DevicePublisher;
import org.openects.server.support.Eventually;
import org.openects.server.support.Fixtures;
import org.openects.server.support.TestAccounts;
import org.openects.server.support.TestServers;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Derived data survives a kill -9. The platform runs in a process of its own on a PostgreSQL database of its own,
 * taking signed reports over Mosquitto. In its first life its batch writer waits 10 minutes before each batch
 * (test-only {@code ects.monitoring.write-delay}), so when the reports are archived and acknowledged none of their
 * reports, events or alerts is written, deterministically; then it is killed with SIGKILL. Started again on the same
 * database: every acknowledged report is stored exactly once, the seal-tamper alert exists with its one {@code
 * alert.raised} audit entry (and no entry without its alert), and the device's buffered history — a counter below its
 * newest, inside the replay window — is accepted, not refused as a replay.
 */
class CrashRecoveryIT {

    private static final Duration START = Duration.ofMinutes(3);
    private static final Duration ASYNC = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    private final String database = TestServers.newPostgresDatabase();
    private final String topicPrefix =
            "ects-crash-" + UUID.randomUUID().toString().substring(0, 8) + "/v0";
    private final String deviceId = Fixtures.uniqueId("ESEAL");
    private final List<Process> processes = new ArrayList<>();
    private JdbcTemplate db;

    @AfterEach
    void stopWhatIsLeft() {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        if (db != null) {
            ((SingleConnectionDataSource) db.getDataSource()).destroy();
        }
    }

    @Test
    void acknowledgedReportsTheirAlertAndItsAuditEntrySurviveAKillAndHistoryInsideTheWindowIsStillAccepted()
            throws Exception {
        TestServers.requireMqtt();
        int port = freePort();
        Process first = start(port, "--ects.monitoring.write-delay=10m");
        Api admin = awaitReady(port, first);
        long traderId = admin.post(
                        "/api/v1/organisations", Map.of("name", Fixtures.uniqueId("Trader"), "type", "TRADER"))
                .json()
                .get("id")
                .asLong();
        Api.Response registered = admin.registerDevice(Fixtures.anESeal(deviceId));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        byte[] key = Base64.getDecoder().decode(registered.json().get("key").asString());
        Api.Response movement =
                admin.post("/api/v1/movements", Fixtures.aMovement(Fixtures.uniqueId("MRN"), traderId, deviceId));
        assertThat(movement.status()).as(movement.body()).isEqualTo(201);
        long movementId = movement.json().get("id").asLong();
        db = new JdbcTemplate(new SingleConnectionDataSource(connect(), true));

        try (DevicePublisher device = new DevicePublisher(TestServers.MQTT_HOST, TestServers.MQTT_PORT, topicPrefix)) {
            device.publish(report(1).position(-4.05, 39.66).build(), key);
            device.publish(report(3).position(-4.00, 39.60).build(), key); // counter 2 stays in the device's buffer
            device.publish(
                    report(4).position(-3.95, 39.55).seal(SealState.TAMPERED).build(), key);
        }
        Eventually.await(ASYNC, "three reports archived and acknowledged", () -> accepted() == 3 ? true : null);
        assertThat(count("SELECT COUNT(*) FROM reports WHERE device_id = ?", deviceId))
                .as("no report derived yet: the writer is held back")
                .isZero();
        assertThat(count("SELECT COUNT(*) FROM alerts WHERE movement_id = ?", movementId))
                .isZero();
        first.destroyForcibly(); // SIGKILL on Linux
        first.waitFor();

        Process second = start(port);
        admin = awaitReady(port, second);
        Eventually.await(
                ASYNC,
                "the three acknowledged reports stored",
                () -> count("SELECT COUNT(*) FROM reports WHERE device_id = ?", deviceId) == 3 ? true : null);
        assertThat(db.queryForList(
                        "SELECT counter FROM reports WHERE device_id = ? ORDER BY counter", Long.class, deviceId))
                .containsExactly(1L, 3L, 4L);
        assertThat(count("""
                        SELECT COUNT(*) FROM raw_messages m WHERE m.claimed_device_id = ? AND m.outcome = 'ACCEPTED'
                        AND (SELECT COUNT(*) FROM reports r WHERE r.raw_message_id = m.id) <> 1""", deviceId))
                .as("every acknowledged report stored exactly once")
                .isZero();

        List<Long> alerts = db.queryForList(
                "SELECT id FROM alerts WHERE movement_id = ? AND type = 'SEAL_TAMPERED'", Long.class, movementId);
        assertThat(alerts).hasSize(1);
        // Every alert.raised entry has its alert row and every alert row its entry (entries reach the log shortly
        // after their transaction commits).
        List<String> audited = Eventually.await(ASYNC, "one alert.raised entry per alert row", () -> {
            List<String> ids = db.queryForList(
                    "SELECT subject_id FROM audit_entries WHERE action = 'alert.raised' ORDER BY subject_id",
                    String.class);
            List<String> rows = db.queryForList("SELECT CAST(id AS VARCHAR) FROM alerts ORDER BY 1", String.class);
            return ids.equals(rows) ? ids : null;
        });
        assertThat(audited).contains(Long.toString(alerts.getFirst()));
        assertThat(admin.get("/api/v1/alerts").json().findValuesAsString("type"))
                .contains("SEAL_TAMPERED");

        try (DevicePublisher device = new DevicePublisher(TestServers.MQTT_HOST, TestServers.MQTT_PORT, topicPrefix)) {
            device.publish(report(2).position(-4.02, 39.63).history(true).build(), key);
        }
        Eventually.await(ASYNC, "the buffered history accepted", () -> accepted() == 4 ? true : null);
        Eventually.await(
                ASYNC,
                "the history stored",
                () -> count("SELECT COUNT(*) FROM reports WHERE device_id = ? AND counter = 2", deviceId) == 1
                        ? true
                        : null);
        second.destroy();
        second.waitFor();
    }

    private Report.Builder report(long counter) {
        return Report.builder(DeviceId.of(deviceId), Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .counter(counter)
                .seal(SealState.CLOSED);
    }

    private long accepted() {
        return count(
                "SELECT COUNT(*) FROM raw_messages WHERE claimed_device_id = ? AND outcome = 'ACCEPTED'", deviceId);
    }

    private long count(String sql, Object... args) {
        Long n = db.queryForObject(sql, Long.class, args);
        return n == null ? 0 : n;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(database, TestServers.PG_USER, "");
    }

    /** The platform in a JVM of its own, on this test's database and topic prefix; its output goes to a file. */
    private Process start(int port, String... extra) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                EctsApplication.class.getName(),
                "--spring.datasource.url=" + database,
                "--spring.datasource.username=" + TestServers.PG_USER,
                "--spring.datasource.password=",
                "--ects.data-dir=" + dataDir.toAbsolutePath(),
                "--ects.identity.admin-password=" + TestAccounts.ADMIN_PASSWORD,
                "--ects.mqtt.embedded=false",
                "--ects.mqtt.host=" + TestServers.MQTT_HOST,
                "--ects.mqtt.port=" + TestServers.MQTT_PORT,
                "--ects.mqtt.topic-prefix=" + topicPrefix,
                "--server.port=" + port));
        for (String protocol : new String[] {"openects", "ais140", "jt600", "jt808", "teltonika", "iridium"}) {
            command.add("--ects.ingress.tcp." + protocol + "=-1");
        }
        command.addAll(List.of(extra));
        File log = dataDir.resolve("platform-" + processes.size() + ".log").toFile();
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log)
                .start();
        processes.add(process);
        return process;
    }

    private Api awaitReady(int port, Process process) {
        Eventually.await(START, "the platform ready on port " + port, () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the platform exited: " + tail());
            }
            try {
                return Api.anonymous(port).get("/actuator/health").status() == 200 ? true : null;
            } catch (RuntimeException e) {
                return null;
            }
        });
        return Api.login(port, "admin", TestAccounts.ADMIN_PASSWORD);
    }

    private String tail() {
        try {
            String text = Files.readString(dataDir.resolve("platform-" + (processes.size() - 1) + ".log"));
            return text.substring(Math.max(0, text.length() - 4000));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
