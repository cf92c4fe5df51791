package org.openects.server.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openects.codec.openects.AckStatus;
import org.openects.codec.openects.CompactCodec;
import org.openects.codec.openects.Downlink;
import org.openects.codec.openects.DownlinkResult;
import org.openects.codec.openects.Instruction;
import org.openects.codec.openects.OpenEctsTcpProtocol;
import org.openects.codec.openects.Uplink;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;
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
 * Legacy devices over real TCP connections into the platform on PostgreSQL: frames are archived with their protocol,
 * unknown devices are listed, registered devices' reports are stored at trust level IDENTIFIED, the protocol's
 * reply reaches the device only after its frame is archived, and what a connection leaves unfinished when it closes
 * (a JT/T 808 split message) is archived and counted too.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class TcpIngressIT extends IntegrationTest {

    /** A real AIS-140 live tracking packet (conformance capture), from IMEI 869247045166383. */
    static final String AIS140 = "$,C,CTPL,4.0.0,NR,01,L,869247045166383,NA00000000,1,12032020,144453,30.452524,N,"
            + "077.610351,E,1.4,34.8,14,384.19,1.8,0.8,IDEA P,1,1,14.2,4.17,0,C,22,404,82,0FB1,3B26,516B,0FB1,18,3B25,"
            + "0FB1,15,5169,0FB1,14,3B27,0FB1,13,0000,00,8083,194.9,0B,*,IP=106.67.5.173\r\n";

    /** The Teltonika Codec 8 AVL packet of the conformance capture (one record). */
    static final String TELTONIKA_AVL =
            "0000000000000035080100000161f37c50500020de5ba60ef11450000000000000000006040100b3"
                    + "00b400ef000109002000014e0000000000000000010000be52";

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
    void anUnregisteredAis140UnitIsKeptAndListedThenAcceptedOnceRegistered() throws Exception {
        send("ais140", AIS140.getBytes(StandardCharsets.US_ASCII));
        Eventually.await(
                Duration.ofSeconds(15),
                "the unknown AIS-140 unit listed",
                () -> admin.get("/api/v1/ingress/unknown-devices")
                                .json()
                                .findValuesAsString("deviceId")
                                .contains("869247045166383")
                        ? true
                        : null);

        Api.Response registered = admin.post(
                "/api/v1/devices", Map.of("deviceId", "869247045166383", "kind", "TRACKER", "protocol", "ais140"));
        assertThat(registered.status()).isEqualTo(201);
        assertThat(registered.json().path("key").isMissingNode())
                .as("no key for a protocol that signs nothing")
                .isTrue();
        assertThat(admin.get("/api/v1/ingress/unknown-devices").json().findValuesAsString("deviceId"))
                .as("a registered device is no longer listed as unknown (the registry says so, not its table)")
                .doesNotContain("869247045166383");
        // another reading: two digits changed so that the CTPL XOR checksum (0B) still matches
        send("ais140", AIS140.replace("144453", "144552").getBytes(StandardCharsets.US_ASCII));

        Map<String, Object> stored =
                Eventually.await(Duration.ofSeconds(15), "the AIS-140 report stored", () -> jdbc
                        .queryForList(
                                "SELECT trust, latitude, longitude FROM reports WHERE device_id = '869247045166383'")
                        .stream()
                        .findFirst()
                        .orElse(null));
        assertThat(stored.get("trust")).isEqualTo("IDENTIFIED");
        assertThat((Double) stored.get("latitude")).isEqualTo(30.452524);
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM raw_messages WHERE protocol = 'ais140' AND claimed_device_id = '869247045166383'",
                        Long.class))
                .as("both frames kept, the one from before registration too")
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void aTeltonikaUnitGetsItsHandshakeAndRecordCountAcknowledgedAfterArchiving() throws Exception {
        String imei = "352093089876543";
        admin.post("/api/v1/devices", Map.of("deviceId", imei, "kind", "TRACKER", "protocol", "teltonika"));
        byte[] handshake = new byte[2 + imei.length()];
        handshake[1] = (byte) imei.length();
        System.arraycopy(imei.getBytes(StandardCharsets.US_ASCII), 0, handshake, 2, imei.length());

        try (Socket socket = connect("teltonika")) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(handshake);
            out.flush();
            assertThat(in.read()).isEqualTo(1);
            out.write(HexFormat.of().parseHex(TELTONIKA_AVL));
            out.flush();
            assertThat(in.readNBytes(4)).containsExactly(0, 0, 0, 1);
        }
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM raw_messages WHERE protocol = 'teltonika' AND outcome = 'ACCEPTED'"
                                + " AND claimed_device_id = ?",
                        Long.class,
                        imei))
                .isEqualTo(2);
    }

    /**
     * On a live connection a Teltonika AVL packet before the IMEI handshake belongs to no one: it is archived, refused
     * {@code UNKNOWN_DEVICE} and not acknowledged (the device keeps its records), although {@code ./ects decode}
     * prints its records for a capture that holds the packet alone. The handshake that follows is answered as usual.
     */
    @Test
    void aTeltonikaPacketBeforeAnyHandshakeIsRefusedAndNotAcknowledged() throws Exception {
        String imei = "352093089876544";
        admin.post("/api/v1/devices", Map.of("deviceId", imei, "kind", "TRACKER", "protocol", "teltonika"));
        byte[] handshake = new byte[2 + imei.length()];
        handshake[1] = (byte) imei.length();
        System.arraycopy(imei.getBytes(StandardCharsets.US_ASCII), 0, handshake, 2, imei.length());

        try (Socket socket = connect("teltonika")) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(HexFormat.of().parseHex(TELTONIKA_AVL));
            out.flush();
            Map<String, Object> refused = Eventually.await(Duration.ofSeconds(15), "the packet archived", () -> jdbc
                    .queryForList(
                            "SELECT outcome, reason, claimed_device_id FROM raw_messages"
                                    + " WHERE protocol = 'teltonika' AND source LIKE ?",
                            "%:" + socket.getLocalPort())
                    .stream()
                    .findFirst()
                    .orElse(null));
            assertThat(refused.get("outcome")).isEqualTo("REJECTED");
            assertThat(refused.get("reason")).isEqualTo("UNKNOWN_DEVICE");
            assertThat(refused.get("claimed_device_id")).isNull();
            out.write(handshake);
            out.flush();
            assertThat(in.read())
                    .as("the first byte back answers the handshake: the packet got no acknowledgement")
                    .isEqualTo(1);
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM reports WHERE device_id = ?", Long.class, imei))
                .isZero();
    }

    @Test
    void garbageOnAConnectionIsArchivedAndTheConnectionLivesOn() throws Exception {
        try (Socket socket = connect("ais140")) {
            OutputStream out = socket.getOutputStream();
            out.write("\u0000\u0001garbage without a dollar\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.write(AIS140.replace("144453", "150000").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Eventually.await(
                    Duration.ofSeconds(15),
                    "both frames archived",
                    () -> jdbc.queryForObject(
                                            "SELECT COUNT(*) FROM raw_messages WHERE protocol = 'ais140' AND source LIKE ?",
                                            Long.class,
                                            "%" + socket.getLocalPort() + "%")
                                    >= 2
                            ? true
                            : null);
            assertThat(socket.isClosed()).isFalse();
        }
    }

    @Test
    void aNativeDeviceOnTcpGetsItsTimeResponsesAndCommandsOnItsOwnConnection() throws Exception {
        DeviceId device = DeviceId.of(Fixtures.uniqueId("TCP"));
        Api.Response registered = admin.registerDevice(Fixtures.anESeal(device.value()));
        byte[] key = Base64.getDecoder().decode(registered.json().get("key").asString());
        CompactCodec compact = CompactCodec.signer();

        try (Socket socket = connect("openects")) {
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            out.write(OpenEctsTcpProtocol.frame(compact.encodeHello(device)));
            out.write(OpenEctsTcpProtocol.frame(compact.encodeReport(
                    Report.builder(device, Instant.now().truncatedTo(ChronoUnit.SECONDS))
                            .counter(1)
                            .position(-4.05, 39.66)
                            .build(),
                    key)));
            out.write(OpenEctsTcpProtocol.frame(
                    compact.encodeTimeRequest(new Uplink.TimeRequest(device, 2, Instant.now()), key)));
            out.flush();
            assertThat(CompactCodec.decodeDownlink(readFrame(in), device, key))
                    .isInstanceOfSatisfying(DownlinkResult.Accepted.class, a -> assertThat(
                                    ((Downlink.TimeResponse) a.message()).requestCounter())
                            .isEqualTo(2));

            Api.Response ping = admin.post("/api/v1/devices/" + device.value() + "/commands", Map.of("op", "PING"));
            assertThat(ping.status()).as(ping.body()).isEqualTo(201);
            assertThat(ping.json().get("transport").asString()).isEqualTo("TCP");
            assertThat(CompactCodec.decodeDownlink(readFrame(in), device, key))
                    .isInstanceOfSatisfying(DownlinkResult.Accepted.class, a -> assertThat(
                                    ((Downlink.Command) a.message()).instruction())
                            .isEqualTo(new Instruction.Ping()));
            out.write(OpenEctsTcpProtocol.frame(
                    compact.encodeAck(new Uplink.Ack(device, 3, Instant.now(), 1, AckStatus.DONE), key)));
            out.flush();
            Eventually.await(
                    Duration.ofSeconds(15),
                    "the ping acknowledged",
                    () -> admin.get("/api/v1/devices/" + device.value() + "/commands/1")
                                    .json()
                                    .get("status")
                                    .asString()
                                    .equals("DONE")
                            ? true
                            : null);
        }
    }

    @Test
    void aSplitJt808MessageStillIncompleteWhenItsConnectionClosesIsArchivedAndCountedIncomplete() throws Exception {
        String phone =
                "0139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        admin.post("/api/v1/devices", Map.of("deviceId", phone, "kind", "TRACKER", "protocol", "jt808"));
        long incompleteBefore = count(admin.get("/api/v1/ingress/stats").json(), "REJECTED", "INCOMPLETE");
        // Packet 1 of 3 of a 0x0704 location batch (the first 20 body bytes of the codec tests' blind-area batch);
        // serial 0x7d goes on the wire escaped as 7d 01.
        byte[] packet = jt808Packet(
                0x0704, phone, 0x7d, 3, 1, HexFormat.of().parseHex("000201001c000000000000000e0013b7440231db8c"));
        assertThat(HexFormat.of().formatHex(packet)).contains("7d01");

        int localPort;
        try (Socket socket = connect("jt808")) {
            localPort = socket.getLocalPort();
            socket.getOutputStream().write(packet);
            socket.getOutputStream().flush();
            assertThat(HexFormat.of().formatHex(readJt808Frame(socket.getInputStream())))
                    .as("the packet is acknowledged (0x8001) once archived")
                    .startsWith("7e8001");
        } // the device goes away before sending packets 2 and 3

        Map<String, Object> incomplete = Eventually.await(
                Duration.ofSeconds(15), "the split message archived INCOMPLETE when its connection closed", () -> jdbc
                        .queryForList(
                                "SELECT outcome, transport, source, kind, detail, payload, digest FROM raw_messages"
                                        + " WHERE claimed_device_id = ? AND protocol = 'jt808' AND reason = 'INCOMPLETE'",
                                phone)
                        .stream()
                        .findFirst()
                        .orElse(null));
        assertThat(incomplete.get("outcome")).isEqualTo("REJECTED");
        assertThat(incomplete.get("transport")).isEqualTo("TCP");
        assertThat((String) incomplete.get("source")).endsWith(":" + localPort);
        assertThat(incomplete.get("kind")).isEqualTo("error");
        assertThat((String) incomplete.get("detail"))
                .startsWith("message 0x0704 serial 125 from " + phone + ": 1 of 3 packets (missing 2, 3);")
                .contains("connection or input ended");
        assertThat((byte[]) incomplete.get("payload"))
                .as("the packet's bytes as received")
                .isEqualTo(packet);
        assertThat((byte[]) incomplete.get("digest"))
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(packet));

        JsonNode device = admin.get("/api/v1/ingress/stats?deviceId=" + phone).json();
        assertThat(count(device, "ACCEPTED", null))
                .as("the packet, archived as a fragment")
                .isEqualTo(1);
        assertThat(count(device, "REJECTED", "INCOMPLETE"))
                .as("its message, once, when the connection ended")
                .isEqualTo(1);
        assertThat(count(admin.get("/api/v1/ingress/stats").json(), "REJECTED", "INCOMPLETE"))
                .as("the running totals")
                .isEqualTo(incompleteBefore + 1);
        assertThat(jdbc.queryForObject(
                        "SELECT kind FROM raw_messages WHERE claimed_device_id = ? AND outcome = 'ACCEPTED'",
                        String.class,
                        phone))
                .isEqualTo("fragment");
    }

    /** The count of one outcome and reason ({@code null}: none) in a {@code /api/v1/ingress/stats} answer. */
    private static long count(JsonNode stats, String outcome, @Nullable String reason) {
        for (JsonNode row : stats) {
            JsonNode rowReason = row.path("reason");
            boolean sameReason = reason == null
                    ? rowReason.isNull() || rowReason.isMissingNode()
                    : reason.equals(rowReason.asString());
            if (outcome.equals(row.path("outcome").asString()) && sameReason) {
                return row.path("count").asLong();
            }
        }
        return 0;
    }

    /**
     * One packet of a sub-packaged JT/T 808 (2013) message, built from the standard's layout: id, properties (body
     * length, bit 13 sub-packaged), BCD phone, serial, packet count and number, body, XOR check code, then 0x7e / 0x7d
     * escaping between 0x7e delimiters.
     */
    static byte[] jt808Packet(int id, String phone, int serial, int packets, int packet, byte[] body) {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        for (int word : new int[] {id, body.length | 0x2000}) {
            m.write(word >>> 8);
            m.write(word & 0xff);
        }
        m.writeBytes(HexFormat.of().parseHex(phone));
        for (int word : new int[] {serial, packets, packet}) {
            m.write(word >>> 8);
            m.write(word & 0xff);
        }
        m.writeBytes(body);
        return jt808Framed(m.toByteArray());
    }

    /** Header and body with their XOR check code appended, 0x7e / 0x7d escaped, between 0x7e delimiters. */
    static byte[] jt808Framed(byte[] headerAndBody) {
        int check = 0;
        for (byte b : headerAndBody) {
            check ^= b & 0xff;
        }
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x7e);
        for (int i = 0; i <= headerAndBody.length; i++) {
            int v = i < headerAndBody.length ? headerAndBody[i] & 0xff : check;
            if (v == 0x7e || v == 0x7d) {
                frame.write(0x7d);
                frame.write(v == 0x7e ? 0x02 : 0x01);
            } else {
                frame.write(v);
            }
        }
        frame.write(0x7e);
        return frame.toByteArray();
    }

    /** One JT/T 808 frame from the platform: 0x7e, the escaped message, 0x7e. */
    private static byte[] readJt808Frame(InputStream in) throws Exception {
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

    private static byte[] readFrame(DataInputStream in) throws Exception {
        return in.readNBytes(in.readUnsignedShort());
    }

    private void send(String protocol, byte[] bytes) throws Exception {
        try (Socket socket = connect(protocol)) {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            Thread.sleep(200);
        }
    }

    private Socket connect(String protocol) throws Exception {
        Socket socket = new Socket("127.0.0.1", listeners.boundPorts().get(protocol));
        socket.setSoTimeout(10_000);
        return socket;
    }
}
