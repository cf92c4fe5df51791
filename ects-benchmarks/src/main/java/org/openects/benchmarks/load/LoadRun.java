package org.openects.benchmarks.load;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.openects.codec.openects.NativeReportCodec;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;
import org.openects.domain.SealState;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The end-to-end load run: registers N devices through the platform's API, publishes signed native reports for them
 * over MQTT at a target rate for a duration, then waits until the platform has stored every report in PostgreSQL.
 * Prints what was sent, acknowledged, archived and stored, the sustained rate in 10-second windows (median, min,
 * max), and, for comparison, the rate of a raw PostgreSQL COPY of the same number of report rows.
 *
 * <p>Usage: {@code LoadRun --api http://127.0.0.1:8080 --password ADMIN_PASSWORD --broker 127.0.0.1:1883
 * --prefix ects/v0 --jdbc jdbc:postgresql://127.0.0.1:5432/ects_load --devices 1000 --rate 20000 --duration 300}
 */
public final class LoadRun {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private LoadRun() {}

    public static void main(String[] args) {
        int status = 0;
        try {
            run(args);
        } catch (Throwable failure) {
            // An error (out of memory included) must end the run: the MQTT clients' threads would keep the JVM, and
            // with it the platform and the broker the script started, alive.
            failure.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    private static void run(String[] args) throws Exception {
        String api = arg(args, "--api", "http://127.0.0.1:8080");
        String password = arg(args, "--password", "");
        String[] broker = arg(args, "--broker", "127.0.0.1:1883").split(":");
        String prefix = arg(args, "--prefix", "ects/v0");
        String jdbc = arg(args, "--jdbc", "jdbc:postgresql://127.0.0.1:5432/ects_load");
        int devices = Integer.parseInt(arg(args, "--devices", "1000"));
        int rate = Integer.parseInt(arg(args, "--rate", "20000"));
        int duration = Integer.parseInt(arg(args, "--duration", "300"));
        int clients = Integer.parseInt(arg(args, "--clients", "4"));
        String runId =
                Long.toString(System.currentTimeMillis() % 100_000_000, 36).toUpperCase(Locale.ROOT);

        HttpClient http = HttpClient.newHttpClient();
        String token = login(http, api, password);
        List<DeviceId> ids = new ArrayList<>();
        List<byte[]> keys = new ArrayList<>();
        register(http, api, token, runId, devices, ids, keys);
        System.out.printf("registered %d devices (run %s)%n", devices, runId);

        List<Mqtt3AsyncClient> publishers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Mqtt3AsyncClient client = Mqtt3Client.builder()
                    .identifier("ects-load-" + runId + "-" + c)
                    .serverHost(broker[0])
                    .serverPort(Integer.parseInt(broker[1]))
                    .buildAsync();
            client.connectWith().cleanSession(true).send().join();
            publishers.add(client);
        }
        NativeReportCodec codec = NativeReportCodec.signer();
        AtomicLong acked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long[] counters = new long[devices];
        long sent = 0;
        long total = (long) rate * duration;
        Instant start = Instant.now();
        long startNanos = System.nanoTime();
        int device = 0;
        while (sent < total) {
            long due = (System.nanoTime() - startNanos) * rate / 1_000_000_000L;
            if (sent >= due) {
                Thread.onSpinWait();
                if (sent + 50 >= due) {
                    Thread.sleep(1);
                }
                continue;
            }
            long burst = Math.min(due - sent, 2000);
            for (long b = 0; b < burst; b++) {
                int d = device;
                device = (device + 1) % devices;
                counters[d]++;
                double progress = counters[d] * 0.0005;
                Report report = Report.builder(ids.get(d), Instant.now())
                        .counter(counters[d])
                        .position(-4.05 + progress * 0.3, 39.66 - progress * 0.4)
                        .seal(SealState.CLOSED)
                        .batteryPercent(90)
                        .speedKmh(60.0)
                        .build();
                publishers
                        .get(d % clients)
                        .publishWith()
                        .topic(prefix + "/devices/" + ids.get(d).value() + "/reports")
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .payload(codec.encode(report, keys.get(d)))
                        .send()
                        .whenComplete((ack, error) -> (error == null ? acked : failed).incrementAndGet());
                sent++;
            }
            if (sent % (rate * 10L) < burst) {
                System.out.printf(
                        "  %4d s: sent %,d, acknowledged by the broker %,d%n",
                        Duration.between(start, Instant.now()).toSeconds(), sent, acked.get());
            }
        }
        Duration publishing = Duration.between(start, Instant.now());
        System.out.printf(
                "published %,d reports in %.1f s (%,.0f/s offered)%n",
                sent, publishing.toMillis() / 1000.0, sent * 1000.0 / publishing.toMillis());

        try (Connection db = DriverManager.getConnection(jdbc, "postgres", "")) {
            String like = "LOAD" + runId + "-%";
            long stored = 0;
            Instant waitUntil = Instant.now().plusSeconds(600);
            while (Instant.now().isBefore(waitUntil)) {
                stored = count(db, "SELECT COUNT(*) FROM reports WHERE device_id LIKE '" + like + "'");
                if (stored >= sent) {
                    break;
                }
                Thread.sleep(2000);
            }
            long archived = count(db, "SELECT COUNT(*) FROM raw_messages WHERE claimed_device_id LIKE '" + like + "'");
            long acceptedRaw = count(
                    db,
                    "SELECT COUNT(*) FROM raw_messages WHERE claimed_device_id LIKE '" + like
                            + "' AND outcome = 'ACCEPTED'");
            Instant end = Instant.now();
            System.out.printf("broker acknowledged %,d, failed %,d%n", acked.get(), failed.get());
            System.out.printf(
                    "archived raw %,d (accepted %,d), stored reports %,d: %s%n",
                    archived, acceptedRaw, stored, stored == sent ? "ZERO LOSS" : "LOSS OF " + (sent - stored));
            windows(db, like);
            System.out.printf(
                    "end to end: %,d reports in %.1f s from first publish to last stored row%n",
                    stored, Duration.between(start, end).toMillis() / 1000.0);
            copyComparison(db, like, stored);
        }
        for (Mqtt3AsyncClient client : publishers) {
            client.disconnect().join();
        }
    }

    /** Stored reports per 10-second window of receive time: median, minimum, maximum of the full windows. */
    private static void windows(Connection db, String like) throws SQLException {
        List<Long> perWindow = new ArrayList<>();
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT FLOOR(EXTRACT(EPOCH FROM received_at) / 10) AS w, COUNT(*) FROM reports WHERE device_id LIKE '"
                                + like + "' GROUP BY w ORDER BY w")) {
            while (rs.next()) {
                perWindow.add(rs.getLong(2));
            }
        }
        if (perWindow.size() > 2) {
            List<Long> full = new ArrayList<>(perWindow.subList(1, perWindow.size() - 1));
            full.sort(null);
            System.out.printf(
                    "sustained (reports received per s, %d full 10-s windows): median %,.0f, min %,.0f, max %,.0f%n",
                    full.size(),
                    full.get(full.size() / 2) / 10.0,
                    full.get(0) / 10.0,
                    full.get(full.size() - 1) / 10.0);
        }
    }

    /** COPYs the same rows into a scratch table with the reports table's shape, as the database's own ceiling. */
    private static void copyComparison(Connection db, String like, long rows) throws SQLException, IOException {
        try (Statement s = db.createStatement()) {
            s.execute("DROP TABLE IF EXISTS load_copy_reports");
            s.execute("CREATE TABLE load_copy_reports (LIKE reports INCLUDING ALL)");
        }
        // The rows go through a file (binary COPY out, then in), so that millions of rows never sit in memory; only
        // the COPY in is timed.
        CopyManager copy = db.unwrap(PGConnection.class).getCopyAPI();
        Path file = Files.createTempFile("ects-load-copy", ".bin");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
                copy.copyOut(
                        "COPY (SELECT * FROM reports WHERE device_id LIKE '" + like + "') TO STDOUT (FORMAT binary)",
                        out);
            }
            long t0 = System.nanoTime();
            long copied;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
                copied = copy.copyIn("COPY load_copy_reports FROM STDIN (FORMAT binary)", in);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                    "raw PostgreSQL COPY of the same %,d report rows (same indexes): %.1f s, %,.0f rows/s%n",
                    copied, seconds, copied / seconds);
        } finally {
            Files.deleteIfExists(file);
        }
        try (Statement s = db.createStatement()) {
            s.execute("DROP TABLE load_copy_reports");
        }
    }

    private static long count(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String login(HttpClient http, String api, String password) throws Exception {
        return login(http, api, "admin", password);
    }

    private static String login(HttpClient http, String api, String username, String password) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(api + "/api/v1/auth/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                JSON.writeValueAsString(java.util.Map.of("username", username, "password", password))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("login failed: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).get("token").asString();
    }

    /** POSTs JSON as the administrator and answers the created resource's id. */
    private static long create(HttpClient http, String api, String token, String path, Object body) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(api + path))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException(path + " failed: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).get("id").asLong();
    }

    /**
     * Registers the run's e-seals through the CSV import as a seal provider (the platform gives keys to seal
     * providers only): the administrator creates the run's seal-provider organisation and an account for it, with a
     * random password kept in memory.
     */
    private static void register(
            HttpClient http,
            String api,
            String adminToken,
            String runId,
            int devices,
            List<DeviceId> ids,
            List<byte[]> keys)
            throws Exception {
        long provider = create(
                http,
                api,
                adminToken,
                "/api/v1/organisations",
                java.util.Map.of("name", "Load Seals " + runId, "type", "SEAL_PROVIDER"));
        byte[] secret = new byte[18];
        new java.security.SecureRandom().nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String username = ("load-seals-" + runId).toLowerCase(java.util.Locale.ROOT);
        create(
                http,
                api,
                adminToken,
                "/api/v1/users",
                java.util.Map.of(
                        "username",
                        username,
                        "password",
                        password,
                        "organisationId",
                        provider,
                        "roles",
                        List.of("SEAL_PROVIDER")));
        String token = login(http, api, username, password);
        StringBuilder csv = new StringBuilder("deviceId,kind,sealClass,protocol,firmware\n");
        for (int i = 0; i < devices; i++) {
            csv.append("LOAD").append(runId).append('-').append(i).append(",E_SEAL,H,openects,load\n");
        }
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(api + "/api/v1/devices/import"))
                        .header("Content-Type", "text/csv")
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString(csv.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("import failed: " + response.statusCode() + " " + response.body());
        }
        for (JsonNode registered : JSON.readTree(response.body())) {
            ids.add(DeviceId.of(registered.get("device").get("deviceId").asString()));
            keys.add(Base64.getDecoder().decode(registered.get("key").asString()));
        }
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
