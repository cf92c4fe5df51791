package org.openects.server.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openects.codec.openects.NativeReportCodec;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;
import org.openects.server.support.Api;
import org.openects.server.support.Eventually;
import org.openects.server.support.Fixtures;
import org.openects.server.support.TestAccounts;
import org.openects.server.support.TestServers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The bounds of the device-facing ingress, on a platform of its own (its own PostgreSQL database, topic prefix and
 * MQTT client id) configured tight so that each bound can be reached: one ingest partition holding one message, 30
 * HTTP requests a minute per address, 5 TCP connections (3 per address). Proves: an oversize HTTP body refused with
 * 413 before it is sent (declared and chunked), 429 past the rate, 503 rather than a blocked request thread when the
 * partition is full, a big refused payload archived as prefix + length + digest of the whole, the TCP connection caps,
 * an oversize MQTT message archived as OVERSIZED without disturbing the next one, and the platform's MQTT link over
 * TLS with a client certificate (its broker is a Mosquitto of its own, {@link TlsMosquitto}).
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class IngressBoundsIT {

    private static final String PREFIX =
            "ects-bounds-" + UUID.randomUUID().toString().substring(0, 8) + "/v0";
    private static final String INGEST = "/api/v1/ingest/openects";
    private static volatile String databaseUrl;
    private static volatile TlsMosquitto broker;

    @DynamicPropertySource
    static void ownPlatform(DynamicPropertyRegistry registry) throws IOException {
        TestServers.requireMqtt();
        String database = ownDatabase();
        databaseUrl = database;
        String dataDir = Files.createTempDirectory("ects-bounds-data").toString();
        registry.add("spring.datasource.url", () -> database);
        registry.add("spring.datasource.username", () -> TestServers.PG_USER);
        registry.add("spring.datasource.password", () -> "");
        registry.add("ects.data-dir", () -> dataDir);
        registry.add("ects.identity.admin-password", () -> TestAccounts.ADMIN_PASSWORD);
        registry.add("ects.mqtt.embedded", () -> "false");
        // The platform's broker is a Mosquitto of this class's own that speaks only TLS and wants client certificates.
        broker = TlsMosquitto.start();
        registry.add("ects.mqtt.host", () -> "127.0.0.1");
        registry.add("ects.mqtt.port", () -> broker.port);
        registry.add("ects.mqtt.tls.enabled", () -> "true");
        registry.add("ects.mqtt.tls.ca-file", () -> broker.caFile().toString());
        registry.add("ects.mqtt.tls.key-store", () -> broker.clientKeyStore().toString());
        registry.add("ects.mqtt.tls.key-store-password", () -> TlsMosquitto.KEY_STORE_PASSWORD);
        registry.add("ects.mqtt.topic-prefix", () -> PREFIX);
        registry.add(
                "ects.mqtt.client-id",
                () -> "ects-bounds-it-" + UUID.randomUUID().toString().substring(0, 8));
        registry.add("ects.mqtt.partitions", () -> 1);
        registry.add("ects.mqtt.queue-capacity", () -> 1);
        registry.add("ects.ingress.http.requests-per-minute", () -> 30);
        registry.add("ects.identity.trusted-proxies", () -> "127.0.0.3");
        registry.add("ects.ingress.connections.max", () -> 5);
        registry.add("ects.ingress.connections.per-address", () -> 3);
        for (String protocol : new String[] {"openects", "ais140", "jt600", "jt808", "teltonika", "iridium"}) {
            registry.add("ects.ingress.tcp." + protocol, () -> protocol.equals("ais140") ? 0 : -1);
        }
        registry.add("ects.ingress.tcp-host", () -> "0.0.0.0");
    }

    /** A database of this class's own: its platform must not share an audit chain with the other tests' platform. */
    private static String ownDatabase() {
        TestServers.postgresUrl(); // PostgreSQL is there
        String name =
                "ects_bounds_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String admin = "jdbc:postgresql://" + TestServers.PG_HOST + ":" + TestServers.PG_PORT + "/postgres";
        try (Connection c = DriverManager.getConnection(admin, TestServers.PG_USER, "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Connection c = DriverManager.getConnection(admin, TestServers.PG_USER, "");
                    Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (java.sql.SQLException e) {
                // the database is dropped with the cluster's next clean-up
            }
        }));
        return "jdbc:postgresql://" + TestServers.PG_HOST + ":" + TestServers.PG_PORT + "/" + name;
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TcpListeners listeners;

    @Autowired
    MeterRegistry meters;

    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void closeSockets() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
    }

    @Test
    void aBodyWhoseDeclaredLengthIsOverTheLimitIsRefusedBeforeItIsSent() throws Exception {
        try (Socket socket = socket("127.0.0.1")) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + INGEST + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/jose\r\n"
                            + "Content-Length: 100000000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[1000]); // and nothing more: the answer must not wait for the other 99,999,000 bytes
            out.flush();

            String answer = readAnswer(socket);

            assertThat(answer).startsWith("HTTP/1.1 413");
            assertThat(answer).contains("application/problem+json", "/problems/payload-too-large", "65536");
        }
    }

    @Test
    void aChunkedBodyIsRefusedAsSoonAsItPassesTheLimit() throws Exception {
        try (Socket socket = socket("127.0.0.1")) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + INGEST + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/jose\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[16 * 1024];
            for (int i = 0; i < 5; i++) { // 80 KiB, over the 64 KiB limit, and the body never ends
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();

            String answer = readAnswer(socket);

            assertThat(answer).startsWith("HTTP/1.1 413");
            assertThat(answer).contains("/problems/payload-too-large");
        }
    }

    @Test
    void anAddressPastItsRateIsAnswered429WithRetryAfter() throws Exception {
        // From an address of its own (the limit is per address), 30 a minute: once the 30 are spent (and the few
        // that the refill adds while the test runs), the next is refused.
        String last = null;
        int accepted = 0;
        for (int i = 0; i < 60; i++) {
            try (Socket socket = socket("127.0.0.2")) {
                byte[] body = ("not a report " + i).getBytes(StandardCharsets.US_ASCII);
                OutputStream out = socket.getOutputStream();
                out.write(("POST " + INGEST + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                                + "Content-Type: application/jose\r\nContent-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                last = readAnswer(socket);
                if (!last.startsWith("HTTP/1.1 202")) {
                    break;
                }
                accepted++;
            }
        }
        assertThat(accepted).isBetween(30, 45);
        assertThat(last).startsWith("HTTP/1.1 429");
        assertThat(last).containsIgnoringCase("Retry-After: ");
        assertThat(last).contains("/problems/too-many-requests");
    }

    /** Posts a message from the local address {@code from}, with an {@code X-Forwarded-For} header; the answer. */
    private String postFrom(String from, String forwardedFor, int i) throws IOException {
        try (Socket socket = socket(from)) {
            byte[] body = ("not a report " + i).getBytes(StandardCharsets.US_ASCII);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + INGEST + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                            + "X-Forwarded-For: " + forwardedFor + "\r\n"
                            + "Content-Type: application/jose\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return readAnswer(socket);
        }
    }

    @Test
    void behindATrustedProxyEachForwardedAddressHasItsOwnRateAndAnUntrustedSenderCannotChooseOne() throws Exception {
        // 127.0.0.3 is the configured reverse proxy: the device address it forwards is the one that is rated.
        int accepted = 0;
        String last = null;
        for (int i = 0; i < 60 && (last == null || last.startsWith("HTTP/1.1 202")); i++) {
            last = postFrom("127.0.0.3", "10.9.9.1", i);
            accepted += last.startsWith("HTTP/1.1 202") ? 1 : 0;
        }
        assertThat(accepted).isBetween(30, 45);
        assertThat(last).startsWith("HTTP/1.1 429");
        assertThat(postFrom("127.0.0.3", "10.9.9.2", 0))
                .as("another device behind the same proxy has a budget of its own")
                .startsWith("HTTP/1.1 202");

        // 127.0.0.4 is no proxy: a new X-Forwarded-For each time does not make it a new client.
        accepted = 0;
        last = null;
        for (int i = 0; i < 60 && (last == null || last.startsWith("HTTP/1.1 202")); i++) {
            last = postFrom("127.0.0.4", "10.8.0." + i, i);
            accepted += last.startsWith("HTTP/1.1 202") ? 1 : 0;
        }
        assertThat(accepted).isBetween(30, 45);
        assertThat(last).startsWith("HTTP/1.1 429");
    }

    @Test
    void aFullPartitionIsAnswered503WithRetryAfterAndNothingPostedBeforeIsLost() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        try (Connection lock = DriverManager.getConnection(databaseUrl, TestServers.PG_USER, "")) {
            // Hold the archive: the partition's thread waits on the table with the batch it took.
            lock.setAutoCommit(false);
            try (Statement s = lock.createStatement()) {
                s.execute("LOCK TABLE raw_messages IN EXCLUSIVE MODE");
            }
            CompletableFuture<HttpResponse<String>> first = post(client, "first");
            Eventually.await(
                    Duration.ofSeconds(10),
                    "the partition waiting on the archive",
                    () -> jdbc.queryForObject(
                                            "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                                                    + " AND query LIKE '%raw_messages%'",
                                            Long.class)
                                    > 0
                            ? true
                            : null);
            // One more fits the partition's queue (capacity 1); the rest must be answered at once, not wait.
            List<CompletableFuture<HttpResponse<String>>> more = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                more.add(post(client, "more " + i));
            }
            HttpResponse<String> busy = Eventually.await(Duration.ofSeconds(10), "a 503", () -> more.stream()
                    .filter(CompletableFuture::isDone)
                    .map(CompletableFuture::join)
                    .filter(r -> r.statusCode() == 503)
                    .findFirst()
                    .orElse(null));
            assertThat(busy.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(busy.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(busy.body()).contains("/problems/unavailable");
            assertThat(first).isNotDone();
            lock.rollback();
            // Released: what was queued is archived and answered.
            assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
            for (CompletableFuture<HttpResponse<String>> f : more) {
                assertThat(f.get(30, TimeUnit.SECONDS).statusCode()).isIn(202, 503);
            }
        }
    }

    @Test
    void aBigRefusedPayloadIsArchivedAsItsPrefixWithItsLengthAndTheDigestOfTheWhole() throws Exception {
        byte[] body = new byte[20_000];
        new Random(11).nextBytes(body);
        HttpResponse<String> answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + INGEST))
                                .header("Content-Type", "application/jose")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertThat(answer.body()).contains("REJECTED");

        Map<String, Object> row =
                jdbc.queryForMap("SELECT payload, original_length, outcome FROM raw_messages WHERE digest = ?", (Object)
                        MessageDigest.getInstance("SHA-256").digest(body));
        assertThat((byte[]) row.get("payload")).isEqualTo(Arrays.copyOf(body, 4096));
        assertThat(((Number) row.get("original_length")).intValue()).isEqualTo(20_000);
        assertThat(row.get("outcome")).isEqualTo("REJECTED");
        Api admin = Api.login(port, "admin", TestAccounts.ADMIN_PASSWORD);
        String digest = java.util.HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        boolean listed = false;
        for (var rejection : admin.get("/api/v1/ingress/rejections").json()) {
            if (digest.equals(rejection.get("digest").asString())) {
                assertThat(rejection.get("originalLength").asInt()).isEqualTo(20_000);
                listed = true;
            }
        }
        assertThat(listed).as("listed among the rejections").isTrue();
    }

    @Test
    void tcpConnectionsAreCappedPerAddressAndOverall() throws Exception {
        int listener = listeners.boundPorts().get("ais140");
        double refusedBefore = refused();
        int openBefore = listeners.openConnections();
        List<Socket> open = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            open.add(admitted("127.0.0.1", listener, openBefore + open.size() + 1));
        }
        Socket fourthFromOne = connect("127.0.0.1", listener);
        open.add(admitted("127.0.0.2", listener, openBefore + 4));
        open.add(admitted("127.0.0.2", listener, openBefore + 5));
        Socket sixthOverall = connect("127.0.0.3", listener);

        for (Socket s : open) {
            assertThat(closedByServer(s))
                    .as("connection %s kept", s.getLocalSocketAddress())
                    .isFalse();
        }
        assertThat(closedByServer(fourthFromOne)).as("4th from one address").isTrue();
        assertThat(closedByServer(sixthOverall)).as("6th overall").isTrue();
        assertThat(refused() - refusedBefore).isEqualTo(2);

        // Places are given back when connections close.
        for (Socket s : open) {
            s.close();
        }
        Eventually.await(Duration.ofSeconds(10), "a new connection kept", () -> {
            try {
                Socket again = connect("127.0.0.1", listener);
                return closedByServer(again) ? null : true;
            } catch (IOException e) {
                return null;
            }
        });
    }

    @Test
    void anOversizedMqttMessageIsArchivedAsOversizedAndTheNextOneStillArrives() throws Exception {
        byte[] big = new byte[100_000]; // over the default ects.mqtt.max-message-bytes (65536)
        new Random(5).nextBytes(big);
        String bigTopic = PREFIX + "/devices/BIG-1/reports";
        String smallTopic = PREFIX + "/devices/SMALL-1/reports";
        Mqtt3BlockingClient device = tlsDevice();
        try {
            device.publishWith()
                    .topic(bigTopic)
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(big)
                    .send();
            device.publishWith()
                    .topic(smallTopic)
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload("small".getBytes(StandardCharsets.US_ASCII))
                    .send();
        } finally {
            device.disconnect();
        }
        Eventually.await(
                Duration.ofSeconds(20),
                "the small message archived",
                () -> jdbc.queryForObject("SELECT COUNT(*) FROM raw_messages WHERE source = ?", Long.class, smallTopic)
                                > 0
                        ? true
                        : null);
        Map<String, Object> row = jdbc.queryForMap(
                "SELECT payload, original_length, digest, outcome, reason FROM raw_messages WHERE source = ?",
                bigTopic);
        assertThat(row.get("outcome")).isEqualTo("REJECTED");
        assertThat(row.get("reason")).isEqualTo("OVERSIZED");
        assertThat(((Number) row.get("original_length")).intValue()).isEqualTo(100_000);
        assertThat((byte[]) row.get("digest"))
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(big));
        assertThat((byte[]) row.get("payload")).isEqualTo(Arrays.copyOf(big, 4096));
    }

    /**
     * The platform's broker link is TLS only (with a client certificate): a signed report published by a device over
     * TLS is archived as accepted (the subscription), and a command sent through the API reaches the device over TLS
     * (the downlink).
     */
    @Test
    void aSignedReportFlowsOverTlsAndTheDownlinkAnswersOverTls() throws Exception {
        Api admin = Api.login(port, "admin", TestAccounts.ADMIN_PASSWORD);
        String deviceId = Fixtures.uniqueId("TLS");
        Api.Response registered = admin.registerDevice(Fixtures.anESeal(deviceId));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        byte[] key = Base64.getDecoder().decode(registered.json().get("key").asString());
        Mqtt3BlockingClient device = tlsDevice();
        try {
            List<byte[]> commands = new java.util.concurrent.CopyOnWriteArrayList<>();
            device.toAsync()
                    .subscribeWith()
                    .topicFilter(PREFIX + "/devices/" + deviceId + "/commands")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .callback(publish -> commands.add(publish.getPayloadAsBytes()))
                    .send()
                    .get(10, TimeUnit.SECONDS);
            Report report = Report.builder(DeviceId.of(deviceId), Instant.now().truncatedTo(ChronoUnit.MILLIS))
                    .counter(1)
                    .position(-4.05, 39.66)
                    .build();
            device.publishWith()
                    .topic(PREFIX + "/devices/" + deviceId + "/reports")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(NativeReportCodec.signer().encode(report, key))
                    .send();

            Eventually.await(
                    Duration.ofSeconds(20),
                    "the report accepted",
                    () -> jdbc.queryForObject(
                                            "SELECT COUNT(*) FROM raw_messages WHERE claimed_device_id = ? AND transport = 'MQTT'"
                                                    + " AND outcome = 'ACCEPTED'",
                                            Long.class,
                                            deviceId)
                                    > 0
                            ? true
                            : null);
            Api.Response ping = admin.post("/api/v1/devices/" + deviceId + "/commands", Map.of("op", "PING"));
            assertThat(ping.status()).as(ping.body()).isEqualTo(201);
            Eventually.await(
                    Duration.ofSeconds(20), "the command at the device", () -> commands.isEmpty() ? null : true);
        } finally {
            device.disconnect();
        }
    }

    /** A device connected to the platform's TLS broker with the client certificate. */
    private static Mqtt3BlockingClient tlsDevice() {
        MqttTls tls = MqttTls.of(new org.openects.server.ingress.MqttProperties.Tls(
                true,
                broker.caFile().toString(),
                "",
                "",
                broker.clientKeyStore().toString(),
                TlsMosquitto.KEY_STORE_PASSWORD));
        Mqtt3BlockingClient device = Mqtt3Client.builder()
                .identifier("ects-bounds-device-" + UUID.randomUUID())
                .serverHost("127.0.0.1")
                .serverPort(broker.port)
                .sslConfig()
                .trustManagerFactory(tls.trust())
                .keyManagerFactory(tls.keys())
                .applySslConfig()
                .buildBlocking();
        device.connect();
        return device;
    }

    private double refused() {
        return meters.find("ects.ingress.tcp.refused").counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    /** A connection the server has taken (connections are set up on two event loops, in no set order). */
    private Socket admitted(String from, int port, int openAfter) throws IOException {
        Socket s = connect(from, port);
        Eventually.await(
                Duration.ofSeconds(5),
                "the connection from " + from + " taken",
                () -> listeners.openConnections() >= openAfter ? true : null);
        return s;
    }

    private Socket connect(String from, int port) throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return s;
    }

    /** True when the server closed the connection (end of stream), false when it stays open and silent. */
    private static boolean closedByServer(Socket s) throws IOException {
        s.setSoTimeout(700);
        try {
            return s.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    private Socket socket(String from) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout(10_000);
        return s;
    }

    /** The answer's status line, headers and body, read until the server closes or 10 s pass with nothing more. */
    private static String readAnswer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                got.write(buffer, 0, n);
                String text = got.toString(StandardCharsets.ISO_8859_1);
                int headersEnd = text.indexOf("\r\n\r\n");
                if (headersEnd > 0 && text.indexOf('}', headersEnd) > 0) {
                    break; // a problem or an answer body is complete JSON
                }
            }
        } catch (SocketTimeoutException e) {
            // what came so far
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    private CompletableFuture<HttpResponse<String>> post(HttpClient client, String body) {
        return client.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + INGEST))
                        .header("Content-Type", "application/jose")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
