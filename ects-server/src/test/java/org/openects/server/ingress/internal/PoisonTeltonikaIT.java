package org.openects.server.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openects.server.support.Api;
import org.openects.server.support.Eventually;
import org.openects.server.support.IntegrationTest;
import org.openects.server.support.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A poison record end to end: a registered Teltonika unit sends an AVL record dated in the year 292 million (the
 * captured record with its u64 millisecond time patched), then a good one; the bad one is refused {@code
 * FUTURE_DATED} and recorded with its bytes, the good one is stored, and so are the reports of the next device — the
 * monitoring writer never sees a time it cannot store.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class PoisonTeltonikaIT extends IntegrationTest {

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

    /** The captured Codec 8 packet's one record (after preamble, length, codec id and count; before count and CRC). */
    static byte[] capturedRecord() {
        byte[] packet = HexFormat.of().parseHex(TcpIngressIT.TELTONIKA_AVL);
        return Arrays.copyOfRange(packet, 10, packet.length - 5);
    }

    static byte[] recordAt(long millis) {
        byte[] record = capturedRecord();
        ByteBuffer.wrap(record).putLong(0, millis);
        return record;
    }

    /** A Codec 8 packet of one record, with its length and CRC-16/ARC. */
    static byte[] packet(byte[] record) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0x08);
        body.write(1);
        body.writeBytes(record);
        body.write(1);
        byte[] data = body.toByteArray();
        int crc = 0;
        for (byte b : data) {
            crc ^= b & 0xff;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
            }
        }
        return ByteBuffer.allocate(12 + data.length)
                .putInt(0)
                .putInt(data.length)
                .put(data)
                .putInt(crc)
                .array();
    }

    static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    static byte[] handshake(String imei) {
        byte[] frame = new byte[2 + imei.length()];
        frame[1] = (byte) imei.length();
        System.arraycopy(imei.getBytes(StandardCharsets.US_ASCII), 0, frame, 2, imei.length());
        return frame;
    }

    /** Sends the packets after the handshake on one connection, each acknowledged with its record count. */
    void send(String imei, byte[]... packets) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", listeners.boundPorts().get("teltonika"))) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(handshake(imei));
            out.flush();
            assertThat(in.read()).isEqualTo(1);
            for (byte[] packet : packets) {
                out.write(packet);
                out.flush();
                assertThat(in.readNBytes(4))
                        .as("each packet acknowledged, the poison one too (it is recorded)")
                        .containsExactly(0, 0, 0, 1);
            }
        }
    }

    @Test
    void a_record_dated_in_the_far_future_is_refused_and_recorded_and_the_good_ones_of_every_device_are_stored()
            throws Exception {
        String poisoned = "352093081000017";
        String next = "352093081000025";
        for (String imei : List.of(poisoned, next)) {
            assertThat(admin.post(
                                    "/api/v1/devices",
                                    Map.of("deviceId", imei, "kind", "TRACKER", "protocol", "teltonika"))
                            .status())
                    .isEqualTo(201);
        }
        Instant good = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);

        send(poisoned, packet(recordAt(Long.MAX_VALUE)), packet(recordAt(good.toEpochMilli())));
        send(next, packet(recordAt(good.plusSeconds(1).toEpochMilli())));

        Timestamp stored =
                Eventually.await(
                        Duration.ofSeconds(20), "the next device's report stored", () -> jdbc
                                .queryForList(
                                        "SELECT device_time FROM reports WHERE device_id = ?", Timestamp.class, next)
                                .stream()
                                .findFirst()
                                .orElse(null));
        assertThat(stored.toInstant()).isEqualTo(good.plusSeconds(1));
        assertThat(jdbc.queryForList("SELECT device_time FROM reports WHERE device_id = ?", Timestamp.class, poisoned))
                .extracting(Timestamp::toInstant)
                .as("the good record of the poisoned device, and only it")
                .containsExactly(good);
        List<Map<String, Object>> refused = jdbc.queryForList(
                "SELECT outcome, reason, detail, digest FROM raw_messages WHERE claimed_device_id = ?"
                        + " AND outcome = 'REJECTED'",
                poisoned);
        assertThat(refused).singleElement().satisfies(row -> {
            assertThat(row.get("reason")).isEqualTo("FUTURE_DATED");
            assertThat((String) row.get("detail")).contains("+292278994");
            assertThat((byte[]) row.get("digest"))
                    .as("the refused bytes kept")
                    .isEqualTo(sha256(packet(recordAt(Long.MAX_VALUE))));
        });
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM writer_quarantine WHERE row_text LIKE ?",
                        Long.class,
                        "%" + poisoned + "%"))
                .as("refused at the codec, nothing for a writer to quarantine")
                .isZero();
    }
}
