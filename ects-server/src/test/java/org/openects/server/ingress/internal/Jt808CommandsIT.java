package org.openects.server.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openects.codec.jt808.Jt808Commands;
import org.openects.domain.DeviceId;
import org.openects.server.identity.Accounts;
import org.openects.server.identity.OrganisationType;
import org.openects.server.identity.Organisations;
import org.openects.server.identity.Role;
import org.openects.server.support.Api;
import org.openects.server.support.Eventually;
import org.openects.server.support.Fixtures;
import org.openects.server.support.IntegrationTest;
import org.openects.server.support.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A JT/T 808 terminal on a real TCP connection into the platform on PostgreSQL takes SET_INTERVAL (0x8103, parameter
 * 0x0029), PING (0x8201) and UNLOCK (0x8500, from an unlock authorisation) on its own connection; its answers (0x0001,
 * 0x0201, 0x0500) mark the commands as native acknowledgements do; key rotation is refused; a command for a terminal that is not connected waits and
 * goes out when it comes back. The test plays the terminal, building its frames from the standard's layout and
 * reading the platform's with the codec.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class Jt808CommandsIT extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final DateTimeFormatter BCD_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss");

    @LocalServerPort
    int port;

    @Autowired
    TcpListeners listeners;

    @Autowired
    Accounts accounts;

    @Autowired
    Organisations organisations;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Jt808Connections connections;

    Api admin;
    Api officer;
    String phone;
    int terminalSerial;

    @BeforeEach
    void aRegisteredTerminal() {
        admin = Api.login(port, "admin", TestAccounts.ADMIN_PASSWORD);
        long customs = organisations.ensure("JT808 customs", OrganisationType.CUSTOMS);
        accounts.ensureUser("jt808-officer", "jt808-officer-password", customs, Set.of(Role.OFFICER));
        officer = Api.login(port, "jt808-officer", "jt808-officer-password");
        phone = "0137" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        Api.Response registered =
                admin.post("/api/v1/devices", Map.of("deviceId", phone, "kind", "TRACKER", "protocol", "jt808"));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
    }

    @Test
    void setIntervalAndPingGoOnTheTerminalsConnectionAndItsAnswersMarkThem() throws Exception {
        try (Socket socket = connect()) {
            authenticateAndReport(socket);

            Api.Response interval = admin.post(commandsPath(), Map.of("op", "SET_INTERVAL", "intervalSeconds", 60));
            assertThat(interval.status()).as(interval.body()).isEqualTo(201);
            JsonNode sent = interval.json();
            assertThat(sent.get("status").asString()).isEqualTo("SENT");
            assertThat(sent.get("transport").asString()).isEqualTo("TCP");
            assertThat(sent.get("encoding").asString()).isEqualTo("JT808");
            assertThat(sent.get("detail").asString()).isEqualTo("JT/T 808 0x8103 serial 1");
            Jt808Commands.PlatformMessage setParameters = Jt808Commands.read(readFrame(socket));
            assertThat(setParameters.messageId()).isEqualTo(0x8103);
            assertThat(setParameters.terminal()).isEqualTo(DeviceId.of(phone));
            assertThat(setParameters.serial()).as("the command counter").isEqualTo(1);
            assertThat(setParameters.reportIntervalSeconds()).isEqualTo(60);

            write(socket, terminalResponse(setParameters.serial(), 0x8103, 0));
            awaitStatus(1, "DONE");

            Api.Response ping = admin.post(commandsPath(), Map.of("op", "PING"));
            assertThat(ping.status()).as(ping.body()).isEqualTo(201);
            Jt808Commands.PlatformMessage query = Jt808Commands.read(readFrame(socket));
            assertThat(query.messageId()).isEqualTo(0x8201);
            assertThat(query.serial()).isEqualTo(2);
            assertThat(query.body()).isEmpty();

            Instant fixTime = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5);
            write(socket, positionQueryResponse(query.serial(), fixTime, 22_549_770, 114_077_050));
            assertThat(readFrame(socket)[1])
                    .as("0x0201 acknowledged with 0x8001")
                    .isEqualTo((byte) 0x80);
            JsonNode pinged = awaitStatus(2, "DONE");
            assertThat(Instant.parse(pinged.get("deviceTime").asString()))
                    .as("the position's time")
                    .isEqualTo(fixTime);
            Map<String, Object> report = Eventually.await(WAIT, "the position of the 0x0201 stored", () -> jdbc
                    .queryForList(
                            "SELECT trust, latitude, longitude FROM reports WHERE device_id = ? AND device_time = ?",
                            phone,
                            java.sql.Timestamp.from(fixTime))
                    .stream()
                    .findFirst()
                    .orElse(null));
            assertThat(report.get("trust")).isEqualTo("IDENTIFIED");
            assertThat((Double) report.get("latitude")).isEqualTo(22.54977);
            assertThat((Double) report.get("longitude")).isEqualTo(114.07705);
            assertThat(jdbc.queryForObject(
                            "SELECT kind FROM raw_messages WHERE id = ?",
                            String.class,
                            pinged.get("ackRawMessageId").asLong()))
                    .isEqualTo("report");

            Api.Response again = admin.post(commandsPath(), Map.of("op", "SET_INTERVAL", "intervalSeconds", 30));
            assertThat(again.status()).as(again.body()).isEqualTo(201);
            Jt808Commands.PlatformMessage second = Jt808Commands.read(readFrame(socket));
            assertThat(second.reportIntervalSeconds()).isEqualTo(30);
            write(socket, terminalResponse(second.serial(), 0x8103, 3));
            awaitStatus(3, "UNSUPPORTED");
        }

        List<String> actions = Eventually.await(WAIT, "the audit entries", () -> {
            List<String> found = jdbc.queryForList(
                    "SELECT action FROM audit_entries WHERE subject_type = 'device' AND subject_id = ?"
                            + " AND action LIKE 'device.command-%' ORDER BY sequence",
                    String.class, phone);
            return found.size() >= 9 ? found : null;
        });
        assertThat(actions)
                .containsExactlyInAnyOrder(
                        "device.command-requested",
                        "device.command-sent",
                        "device.command-acknowledged",
                        "device.command-requested",
                        "device.command-sent",
                        "device.command-acknowledged",
                        "device.command-requested",
                        "device.command-sent",
                        "device.command-acknowledged");
    }

    @Test
    void keyRotationIsRefusedWithTheReasonAndAnUnlockOfAnIdleTerminalWaitsForItsConnection() {
        Api.Response rotate = admin.post(commandsPath(), Map.of("op", "ROTATE_KEY"));
        assertThat(rotate.status()).as(rotate.body()).isEqualTo(409);
        assertThat(rotate.contentType()).startsWith("application/problem+json");
        assertThat(rotate.json().get("detail").asString()).contains("speaks jt808", "no key");
        assertThat(admin.get(commandsPath()).json()).as("nothing stored").isEmpty();

        Api.Response unlock = officer.post(commandsPath(), Map.of("op", "UNLOCK", "authorisation", "KRA/UNL/808"));
        assertThat(unlock.status()).as(unlock.body()).isEqualTo(201);
        assertThat(unlock.json().get("status").asString()).isEqualTo("PENDING");
    }

    @Test
    void aRemoteUnlockAuthorisationGoesToASupervisedTerminalAs0x8500AndItsAnswerExecutesIt() throws Exception {
        long trader = organisations.ensure("JT808 trader", OrganisationType.TRADER);
        Api.Response started =
                admin.post("/api/v1/movements", Fixtures.aMovement(Fixtures.uniqueId("MRN"), trader, phone));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        long movement = started.json().get("id").asLong();
        try (Socket socket = connect()) {
            authenticateAndReport(socket); // at Mombasa port, the movement's origin
            Eventually.await(WAIT, "the terminal's position in the movement's status", () -> {
                JsonNode status =
                        admin.get("/api/v1/movements/" + movement).json().path("status");
                return Math.abs(status.path("latitude").asDouble(99) + 4.05) < 1e-6 ? true : null;
            });

            Api.Response authorised = officer.post(
                    "/api/v1/unlock-authorisations",
                    Map.of(
                            "deviceId", phone,
                            "placeKind", "ORIGIN",
                            "method", "REMOTE",
                            "reason", "examination at the port",
                            "validUntil",
                                    Instant.now().plus(Duration.ofHours(1)).toString()));
            assertThat(authorised.status()).as(authorised.body()).isEqualTo(201);
            assertThat(authorised.json().get("state").asString()).isEqualTo("SENT");
            long counter = authorised.json().get("commandCounter").asLong();

            Jt808Commands.PlatformMessage unlock = nextCommand(socket);
            assertThat(unlock.messageId()).isEqualTo(0x8500);
            assertThat(unlock.serial()).as("the command counter").isEqualTo((int) counter);
            assertThat(unlock.body())
                    .as("control flag: bit 0 clear, door unlock")
                    .containsExactly(0x00);
            assertThat(awaitStatus(counter, "SENT").get("detail").asString())
                    .isEqualTo("JT/T 808 0x8500 serial " + counter);

            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.write(unlock.serial() >>> 8);
            body.write(unlock.serial() & 0xff);
            body.writeBytes(location(Instant.now().truncatedTo(ChronoUnit.SECONDS), -4_050_000, 39_660_000));
            write(socket, terminalFrame(0x0500, body.toByteArray()));
            awaitStatus(counter, "DONE");
            JsonNode executed = Eventually.await(WAIT, "the authorisation executed", () -> {
                JsonNode view = officer.get("/api/v1/unlock-authorisations/"
                                + authorised.json().get("id").asLong())
                        .json();
                return "EXECUTED".equals(view.path("state").asString()) ? view : null;
            });
            assertThat(executed.get("ackStatus").asString()).isEqualTo("DONE");
        }
    }

    @Test
    void aCommandForADisconnectedTerminalWaitsAndGoesOutWhenItConnects() throws Exception {
        try (Socket socket = connect()) {
            authenticateAndReport(socket);
        }
        Eventually.await(
                WAIT,
                "the connection closed on the platform's side too",
                () -> connections.of(DeviceId.of(phone)) == null ? true : null);
        Api.Response ping = admin.post(commandsPath(), Map.of("op", "PING"));
        assertThat(ping.status()).as(ping.body()).isEqualTo(201);
        JsonNode pending = ping.json();
        assertThat(pending.get("status").asString()).isEqualTo("PENDING");
        assertThat(pending.get("detail").asString()).contains("waits for the terminal to connect");
        long counter = pending.get("counter").asLong();

        try (Socket socket = connect()) {
            write(socket, terminalFrame(0x0102, "AUTH808".getBytes(StandardCharsets.US_ASCII)));
            // Its pending commands go out once its first message on the new connection is accepted; the answer to
            // the authentication itself may come first.
            Jt808Commands.PlatformMessage query = nextCommand(socket);
            assertThat(query.messageId()).isEqualTo(0x8201);
            assertThat(query.serial()).isEqualTo((int) (counter & 0xffff));
            write(
                    socket,
                    positionQueryResponse(
                            query.serial(), Instant.now().truncatedTo(ChronoUnit.SECONDS), 22_549_770, 114_077_050));
            JsonNode done = awaitStatus(counter, "DONE");
            assertThat(done.get("transport").asString()).isEqualTo("TCP");
        }
    }

    // ---- the terminal's side

    private String commandsPath() {
        return "/api/v1/devices/" + phone + "/commands";
    }

    private JsonNode awaitStatus(long counter, String status) {
        return Eventually.await(WAIT, "command " + counter + " " + status, () -> {
            JsonNode view = admin.get(commandsPath() + "/" + counter).json();
            return status.equals(view.get("status").asString()) ? view : null;
        });
    }

    /** Authentication (answered 0x8001) and a location report (answered 0x8001). */
    private void authenticateAndReport(Socket socket) throws Exception {
        write(socket, terminalFrame(0x0102, "AUTH808".getBytes(StandardCharsets.US_ASCII)));
        assertThat(HexFormat.of().formatHex(readFrame(socket))).startsWith("7e8001");
        write(
                socket,
                terminalFrame(
                        0x0200,
                        location(
                                Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30),
                                -4_050_000,
                                39_660_000)));
        assertThat(HexFormat.of().formatHex(readFrame(socket))).startsWith("7e8001");
    }

    /** The next platform frame that is not a general response 0x8001. */
    private Jt808Commands.PlatformMessage nextCommand(Socket socket) throws Exception {
        while (true) {
            Jt808Commands.PlatformMessage message = Jt808Commands.read(readFrame(socket));
            if (message.messageId() != 0x8001) {
                return message;
            }
        }
    }

    private byte[] terminalResponse(int serial, int messageId, int result) {
        return terminalFrame(0x0001, new byte[] {
            (byte) (serial >>> 8), (byte) serial, (byte) (messageId >>> 8), (byte) messageId, (byte) result
        });
    }

    private byte[] positionQueryResponse(int serial, Instant time, int latitude, int longitude) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(serial >>> 8);
        body.write(serial & 0xff);
        body.writeBytes(location(time, latitude, longitude));
        return terminalFrame(0x0201, body.toByteArray());
    }

    /**
     * A 0x0200 body: alarm 0, status fix valid (south/west from the signs), latitude and longitude in 10⁻⁶°, altitude
     * 50 m, speed 0, course 0, BCD time on Beijing time.
     */
    static byte[] location(Instant time, int latitude, int longitude) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        dword(b, 0);
        dword(b, 0x2 | (latitude < 0 ? 0x4 : 0) | (longitude < 0 ? 0x8 : 0));
        dword(b, Math.abs(latitude));
        dword(b, Math.abs(longitude));
        b.write(0);
        b.write(50);
        dword(b, 0); // speed, course
        b.writeBytes(HexFormat.of()
                .parseHex(LocalDateTime.ofInstant(time, ZoneOffset.ofHours(8)).format(BCD_TIME)));
        return b.toByteArray();
    }

    /** A whole 2013-header terminal message with the next terminal serial, built from the standard's layout. */
    private byte[] terminalFrame(int id, byte[] body) {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.write(id >>> 8);
        m.write(id & 0xff);
        m.write(body.length >>> 8);
        m.write(body.length & 0xff);
        m.writeBytes(HexFormat.of().parseHex(phone));
        int serial = ++terminalSerial;
        m.write(serial >>> 8);
        m.write(serial & 0xff);
        m.writeBytes(body);
        return TcpIngressIT.jt808Framed(m.toByteArray());
    }

    private static void dword(ByteArrayOutputStream out, int value) {
        out.write(value >>> 24);
        out.write(value >>> 16 & 0xff);
        out.write(value >>> 8 & 0xff);
        out.write(value & 0xff);
    }

    private static void write(Socket socket, byte[] frame) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(frame);
        out.flush();
    }

    /** One JT/T 808 frame from the platform: 0x7e, the escaped message, 0x7e. */
    private static byte[] readFrame(Socket socket) throws Exception {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        int b = in.read();
        assertThat(b).isEqualTo(0x7e);
        frame.write(b);
        while ((b = in.read()) != 0x7e) {
            assertThat(b).as("the frame ends").isNotNegative();
            frame.write(b);
        }
        frame.write(b);
        return frame.toByteArray();
    }

    private Socket connect() throws Exception {
        Socket socket = new Socket("127.0.0.1", listeners.boundPorts().get("jt808"));
        socket.setSoTimeout(10_000);
        return socket;
    }
}
