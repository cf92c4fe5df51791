package org.openects.server.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openects.codec.iridium.DirectIp;
import org.openects.codec.iridium.DirectIpMessage;
import org.openects.server.support.Api;
import org.openects.server.support.Eventually;
import org.openects.server.support.Fixtures;
import org.openects.server.support.IntegrationTest;
import org.openects.server.support.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A device's identity is bound to the protocol it is registered for: over real TCP connections into the platform on
 * PostgreSQL, unsigned legacy frames (AIS-140, Teltonika, JT/T 808) carrying the id of a device registered for the
 * signed native protocol are archived, refused {@code WRONG_PROTOCOL} and make no report; a T622 fix over Iridium
 * DirectIP is refused for a device registered for native (signed) payloads and admitted for one registered for T622;
 * a DirectIP connection from an address that is not the gateway's is refused and recorded. The shared test context
 * lists 127.0.0.1 alone as the Iridium gateway: the "other" host connects from 127.0.0.2 (loopback too, on Linux).
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class DeviceIdentityIT extends IntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    TcpListeners listeners;

    @Autowired
    JdbcTemplate jdbc;

    Api admin;

    @BeforeEach
    void logIn() {
        admin = Api.login(port, "admin", TestAccounts.ADMIN_PASSWORD);
    }

    @Test
    void anUnsignedTeltonikaRecordNamingANativeDeviceIsRefusedWrongProtocolArchivedAndMakesNoReport() throws Exception {
        String imei = imei("35");
        registerNative(imei);
        byte[] handshake = new byte[2 + imei.length()];
        handshake[1] = (byte) imei.length();
        System.arraycopy(imei.getBytes(StandardCharsets.US_ASCII), 0, handshake, 2, imei.length());

        try (Socket socket = connect("teltonika")) {
            OutputStream out = socket.getOutputStream();
            out.write(handshake);
            out.write(HexFormat.of().parseHex(TcpIngressIT.TELTONIKA_AVL));
            out.flush();
            awaitRows(imei, "teltonika", 2);
        }

        assertRefusedWithNoReport(imei, "teltonika", 2);
    }

    @Test
    void anUnsignedAis140FrameNamingANativeDeviceIsRefusedWrongProtocolArchivedAndMakesNoReport() throws Exception {
        String imei = imei("86");
        registerNative(imei);

        try (Socket socket = connect("ais140")) {
            socket.getOutputStream().write(ais140(imei));
            socket.getOutputStream().flush();
            awaitRows(imei, "ais140", 1);
        }

        assertRefusedWithNoReport(imei, "ais140", 1);
    }

    @Test
    void anUnsignedJt808LocationNamingANativeDeviceIsRefusedWrongProtocolArchivedAndMakesNoReport() throws Exception {
        String phone =
                "0139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        registerNative(phone);
        byte[] location = Jt808CommandsIT.location(
                Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30), -4_050_000, 39_660_000);

        try (Socket socket = connect("jt808")) {
            socket.getOutputStream().write(jt808(0x0102, phone, 1, "AUTH808".getBytes(StandardCharsets.US_ASCII)));
            socket.getOutputStream().write(jt808(0x0200, phone, 2, location));
            socket.getOutputStream().flush();
            awaitRows(phone, "jt808", 2);
        }

        assertRefusedWithNoReport(phone, "jt808", 2);
    }

    @Test
    void aT622FixForAnIridiumDeviceRegisteredForNativePayloadsIsRefusedUnsignedAndMakesNoReport() throws Exception {
        String imei = imei("30");
        Api.Response registered = admin.post(
                "/api/v1/devices", Map.of("deviceId", imei, "kind", "E_SEAL", "sealClass", "H", "protocol", "iridium"));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        assertThat(registered.json().path("device").path("payloadFormat").asString())
                .isEqualTo("native");

        assertThat(sendMo("127.0.0.1", imei, t622(Instant.now().truncatedTo(ChronoUnit.SECONDS))))
                .as("the gateway gets its confirmation: the message is archived")
                .isEqualTo(DirectIp.confirmation(true));

        Map<String, Object> row = awaitRows(imei, "iridium", 1).getFirst();
        assertThat(row.get("outcome")).isEqualTo("REJECTED");
        assertThat(row.get("reason")).isEqualTo("UNSIGNED");
        assertThat((String) row.get("detail")).contains("device " + imei + " signs its messages");
        assertThat(reports(imei)).isZero();
    }

    @Test
    void aT622FixIsAdmittedForAnIridiumDeviceRegisteredForT622AtTrustIdentified() throws Exception {
        String imei = imei("30");
        Api.Response registered = admin.post(
                "/api/v1/devices",
                Map.of("deviceId", imei, "kind", "TRACKER", "protocol", "iridium", "payloadFormat", "t622"));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        assertThat(registered.json().path("device").path("payloadFormat").asString())
                .isEqualTo("t622");
        assertThat(registered.json().path("key").isMissingNode()
                        || registered.json().path("key").isNull())
                .as("a T622 tracker signs nothing: no key to show")
                .isTrue();

        sendMo("127.0.0.1", imei, t622(Instant.now().truncatedTo(ChronoUnit.SECONDS)));

        String trust = Eventually.await(
                Duration.ofSeconds(15),
                "the T622 report stored",
                () -> jdbc.queryForList("SELECT trust FROM reports WHERE device_id = ?", String.class, imei).stream()
                        .findFirst()
                        .orElse(null));
        assertThat(trust).isEqualTo("IDENTIFIED");
    }

    @Test
    void aSignedNativeMessageForAnIridiumDeviceRegisteredForT622IsRefusedWrongPayloadFormat() throws Exception {
        String imei = imei("30");
        admin.post(
                "/api/v1/devices",
                Map.of("deviceId", imei, "kind", "TRACKER", "protocol", "iridium", "payloadFormat", "t622"));
        // A T622 tracker is never handed a key (not at registration, not through the provisioning claim); the test
        // plays an attacker who has the one the registry holds anyway.
        byte[] key = jdbc.queryForObject("SELECT key_secret FROM devices WHERE device_id = ?", byte[].class, imei);
        IridiumModem modem =
                IridiumModem.withKey(imei, key, listeners.boundPorts().get("iridium"));

        modem.sendMo(modem.report());

        Map<String, Object> row = awaitRows(imei, "iridium", 1).getFirst();
        assertThat(row.get("outcome")).isEqualTo("REJECTED");
        assertThat(row.get("reason")).isEqualTo("WRONG_PAYLOAD_FORMAT");
        assertThat((String) row.get("detail"))
                .isEqualTo("device " + imei + " is registered for T622 payloads, not native messages");
        assertThat(reports(imei)).isZero();
    }

    @Test
    void theTrackSaysHowFarEachReportCanBeTrusted() throws Exception {
        long trader = admin.newOrganisation("TRADER");
        String t622 = imei("30");
        admin.post(
                "/api/v1/devices",
                Map.of(
                        "deviceId",
                        t622,
                        "kind",
                        "E_SEAL",
                        "sealClass",
                        "H",
                        "protocol",
                        "iridium",
                        "payloadFormat",
                        "t622"));
        long t622Movement = movement(trader, t622);
        IridiumModem modem = IridiumModem.register(admin, listeners.boundPorts().get("iridium"));
        long nativeMovement = movement(trader, modem.imei);

        sendMo("127.0.0.1", t622, t622(Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        modem.sendMo(modem.report());

        assertThat(awaitTrust(t622Movement)).isEqualTo("IDENTIFIED");
        assertThat(awaitTrust(nativeMovement)).isEqualTo("SIGNED");
    }

    private long movement(long trader, String deviceId) {
        Api.Response movement =
                admin.post("/api/v1/movements", Fixtures.aMovement(Fixtures.uniqueId("MRN"), trader, deviceId));
        assertThat(movement.status()).as(movement.body()).isEqualTo(201);
        return movement.json().get("id").asLong();
    }

    private String awaitTrust(long movementId) {
        return Eventually.await(Duration.ofSeconds(15), "a point on the track of movement " + movementId, () -> {
            var track = admin.get("/api/v1/movements/" + movementId + "/track").json();
            return track.isEmpty() ? null : track.get(0).get("trust").asString();
        });
    }

    @Test
    void aPayloadFormatIsForIridiumDevicesOnlyAndOneOfNativeOrT622() {
        Map<String, Object> body = new HashMap<>(Fixtures.anESeal(Fixtures.uniqueId("FMT")));
        body.put("payloadFormat", "t622");
        Api.Response notIridium = admin.post("/api/v1/devices", body);
        assertThat(notIridium.status()).isEqualTo(400);
        assertThat(notIridium.json().get("errors").findValuesAsString("field")).containsExactly("payloadFormat");

        Api.Response unknown = admin.post(
                "/api/v1/devices",
                Map.of("deviceId", imei("30"), "kind", "TRACKER", "protocol", "iridium", "payloadFormat", "nmea"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("errors").findValuesAsString("field")).containsExactly("payloadFormat");

        String t622 = imei("30");
        String csv = "deviceId,kind,sealClass,protocol,firmware,payloadFormat\n" + t622 + ",TRACKER,,iridium,,t622\n";
        Api.Response imported = admin.send("POST", "/api/v1/devices/import", csv, "text/csv");
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        assertThat(admin.get("/api/v1/devices/" + t622)
                        .json()
                        .get("payloadFormat")
                        .asString())
                .isEqualTo("t622");

        String badLine = "deviceId,kind,sealClass,protocol,firmware,payloadFormat\n" + Fixtures.uniqueId("CSV")
                + ",E_SEAL,H,openects,,t622\n";
        Api.Response refused = admin.send("POST", "/api/v1/devices/import", badLine, "text/csv");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").findValuesAsString("field")).containsExactly("line 2");
        assertThat(refused.body()).contains("payloadFormat");
    }

    @Test
    void aDirectIpConnectionFromAnAddressThatIsNotTheGatewaysIsRefusedAndRecorded() throws Exception {
        String imei = imei("30");
        admin.post(
                "/api/v1/devices",
                Map.of("deviceId", imei, "kind", "TRACKER", "protocol", "iridium", "payloadFormat", "t622"));

        byte[] answer = sendMo("127.0.0.2", imei, t622(Instant.now().truncatedTo(ChronoUnit.SECONDS)));

        assertThat(answer)
                .as("no confirmation: the connection is closed unread")
                .isEmpty();
        Map<String, Object> refusal =
                Eventually.await(Duration.ofSeconds(15), "the refused connection recorded", () -> jdbc
                        .queryForList(
                                "SELECT outcome, reason, detail, transport, payload FROM raw_messages"
                                        + " WHERE protocol = 'iridium' AND source LIKE ?",
                                "%/127.0.0.2:%")
                        .stream()
                        .findFirst()
                        .orElse(null));
        assertThat(refusal.get("outcome")).isEqualTo("REJECTED");
        assertThat(refusal.get("reason")).isEqualTo("UNTRUSTED_SOURCE");
        assertThat(refusal.get("transport")).isEqualTo("TCP");
        assertThat((String) refusal.get("detail"))
                .contains("127.0.0.2", "not an Iridium gateway address", "ects.ingress.iridium.gateway-addresses");
        assertThat((byte[]) refusal.get("payload")).as("nothing of it was read").isEmpty();
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM raw_messages WHERE claimed_device_id = ?", Long.class, imei))
                .as("the frame it carried never reached the codec")
                .isZero();
        assertThat(reports(imei)).isZero();
    }

    private void registerNative(String deviceId) {
        Api.Response registered = admin.post("/api/v1/devices", Fixtures.anESeal(deviceId));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        assertThat(registered.json().path("device").path("protocol").asString()).isEqualTo("openects");
    }

    private void assertRefusedWithNoReport(String deviceId, String protocol, int frames) {
        List<Map<String, Object>> rows = awaitRows(deviceId, protocol, frames);
        for (Map<String, Object> row : rows) {
            assertThat(row.get("outcome")).as(row.toString()).isEqualTo("REJECTED");
            assertThat(row.get("reason")).as(row.toString()).isEqualTo("WRONG_PROTOCOL");
            assertThat((String) row.get("detail"))
                    .isEqualTo("device " + deviceId + " is registered for openects, not " + protocol);
        }
        assertThat(reports(deviceId))
                .as("no report from an impersonating frame")
                .isZero();
        assertThat(jdbc.queryForObject(
                        "SELECT last_seen_at FROM devices WHERE device_id = ?", java.sql.Timestamp.class, deviceId))
                .as("nor any activity")
                .isNull();
    }

    private List<Map<String, Object>> awaitRows(String deviceId, String protocol, int frames) {
        return Eventually.await(Duration.ofSeconds(15), frames + " " + protocol + " frames archived", () -> {
            List<Map<String, Object>> rows = jdbc.queryForList(
                    "SELECT outcome, reason, detail FROM raw_messages WHERE claimed_device_id = ? AND protocol = ?",
                    deviceId,
                    protocol);
            return rows.size() >= frames ? rows : null;
        });
    }

    private long reports(String deviceId) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM reports WHERE device_id = ?", Long.class, deviceId);
        return n == null ? 0 : n;
    }

    private static String imei(String prefix) {
        return prefix + String.format("%013d", ThreadLocalRandom.current().nextLong(10_000_000_000_000L));
    }

    /**
     * The conformance CTPL frame of {@link TcpIngressIT#AIS140} with another IMEI and its XOR checksum made again (the
     * XOR of the bytes from '$' up to and with the comma before the checksum field).
     */
    private static byte[] ais140(String imei) {
        String frame = TcpIngressIT.AIS140.replace("869247045166383", imei);
        int star = frame.indexOf(",*,");
        int checksumStart = frame.lastIndexOf(',', star - 1) + 1;
        int xor = 0;
        for (int i = 0; i < checksumStart; i++) {
            xor ^= frame.charAt(i);
        }
        String fixed = frame.substring(0, checksumStart) + String.format("%02X", xor) + frame.substring(star);
        return fixed.getBytes(StandardCharsets.US_ASCII);
    }

    /** A whole 2013-header JT/T 808 terminal message, from the standard's layout. */
    private static byte[] jt808(int id, String phone, int serial, byte[] body) {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        for (int word : new int[] {id, body.length}) {
            m.write(word >>> 8);
            m.write(word & 0xff);
        }
        m.writeBytes(HexFormat.of().parseHex(phone));
        m.write(serial >>> 8);
        m.write(serial & 0xff);
        m.writeBytes(body);
        return TcpIngressIT.jt808Framed(m.toByteArray());
    }

    /**
     * A T622 payload (the layout of {@code T622Payload}): event, latitude and longitude in millionths of a degree,
     * seconds since 2000, fix valid, speed, three spare bytes; all little-endian.
     */
    private static byte[] t622(Instant time) {
        byte[] p = new byte[19];
        p[0] = 1;
        le32(p, 1, -4_050_000);
        le32(p, 5, 39_660_000);
        le32(p, 9, (int) (time.getEpochSecond() - 946_684_800L));
        p[13] = 1;
        p[14] = 40;
        return p;
    }

    private static void le32(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }

    /** Sends the payload as a DirectIP mobile-originated message from {@code from}; answers what came back. */
    private byte[] sendMo(String from, String imei, byte[] payload) throws IOException {
        byte[] frame = DirectIp.encode(new DirectIpMessage(
                new DirectIpMessage.Header(
                        ThreadLocalRandom.current().nextLong(1L << 32),
                        imei,
                        0,
                        1,
                        0,
                        Instant.now().truncatedTo(ChronoUnit.SECONDS)),
                null,
                payload));
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(
                    new InetSocketAddress("127.0.0.1", listeners.boundPorts().get("iridium")));
            socket.setSoTimeout(15_000);
            try {
                OutputStream out = socket.getOutputStream();
                out.write(frame);
                out.flush();
                InputStream in = socket.getInputStream();
                return in.readNBytes(DirectIp.confirmation(true).length);
            } catch (IOException closed) {
                return new byte[0];
            }
        }
    }

    private Socket connect(String protocol) throws Exception {
        Socket socket = new Socket("127.0.0.1", listeners.boundPorts().get(protocol));
        socket.setSoTimeout(10_000);
        return socket;
    }
}
