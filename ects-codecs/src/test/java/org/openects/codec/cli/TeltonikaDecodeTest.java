package org.openects.codec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code ./ects decode --protocol teltonika} on the field capture of {@code shared/conformance/teltonika-frames.txt}
 * (copied into the test resources), which holds one Codec 8 AVL packet without the IMEI handshake that preceded it
 * on the device's connection: one record, 2018-03-05 00:07:46, 25.0680400, 55.1443366.
 */
class TeltonikaDecodeTest {

    static final String IMEI = "356307042441013";

    @TempDir
    Path dir;

    /** The capture file, byte for byte. */
    Path capture() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/org/openects/codec/teltonika/teltonika-frames.txt")) {
            Path file = dir.resolve("teltonika-frames.txt");
            Files.write(file, Objects.requireNonNull(in).readAllBytes());
            return file;
        }
    }

    static void assertTheCapturedRecord(JsonNode record) {
        assertThat(record.get("kind").asString()).isEqualTo("report");
        assertThat(record.get("line").asInt())
                .as("the packet's line, after the comment")
                .isEqualTo(2);
        assertThat(record.get("deviceTime").asString()).isEqualTo("2018-03-05T00:07:46Z");
        assertThat(record.get("latitude").asDouble()).isEqualTo(25.0680400);
        assertThat(record.get("longitude").asDouble()).isEqualTo(55.1443366);
        assertThat(record.get("validFix").asBoolean()).isFalse();
        assertThat(record.get("trust").asString()).isEqualTo("IDENTIFIED");
        assertThat(record.get("protocolTrust").toString()).isEqualTo("[\"IDENTIFIED\"]");
        assertThat(record.get("reply").asString())
                .as("acknowledged: one record")
                .isEqualTo("00000001");
    }

    @Test
    void aCapturedAvlPacketWithoutItsHandshakeDecodesToItsRecordWithANullDevice() throws IOException {
        List<JsonNode> out = DecodeCommandTest.decode(capture(), "--protocol", "teltonika");

        assertThat(out).hasSize(1);
        assertTheCapturedRecord(out.getFirst());
        assertThat(out.getFirst().get("deviceId").isNull()).isTrue();
    }

    @Test
    void withImeiTheRecordIsThatDevices() throws IOException {
        List<JsonNode> out = DecodeCommandTest.decode(capture(), "--protocol", "teltonika", "--imei", IMEI);

        assertThat(out).hasSize(1);
        assertTheCapturedRecord(out.getFirst());
        assertThat(out.getFirst().get("deviceId").asString()).isEqualTo(IMEI);
    }

    @Test
    void aHandshakeLineBeforeThePacketNamesTheDeviceAsOnAConnection() throws IOException {
        Path capture = capture();
        List<String> lines = new ArrayList<>(Files.readAllLines(capture, StandardCharsets.UTF_8));
        // The handshake goes where the device sent it: before the packet (the comment stays line 1).
        lines.add(1, "000f" + java.util.HexFormat.of().formatHex(IMEI.getBytes(StandardCharsets.US_ASCII)));
        Files.write(capture, lines);

        List<JsonNode> out = DecodeCommandTest.decode(capture, "--protocol", "teltonika");

        assertThat(out).hasSize(2);
        assertThat(out.get(0).get("kind").asString()).isEqualTo("login");
        assertThat(out.get(0).get("deviceId").asString()).isEqualTo(IMEI);
        assertThat(out.get(0).get("reply").asString()).isEqualTo("01");
        assertThat(out.get(1).get("deviceId").asString()).isEqualTo(IMEI);
        assertThat(out.get(1).get("line").asInt()).isEqualTo(3);
    }

    @Test
    void anImeiThatIsNoDeviceIdIsAUsageError() throws IOException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = DecodeCommand.run(
                new String[] {
                    "--protocol", "teltonika", "--imei", "35 63", capture().toString()
                },
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--imei");
    }

    @Test
    void aSignedProtocolTellsItsTrustWithEachMessageEvenWhenReadUnverified() throws IOException {
        Path file = dir.resolve("hello.txt");
        // A compact hello (0xEF, id length, id) behind its TCP length prefix: unsigned, it only names the device.
        Files.writeString(file, "0007ef055345414c31\n");

        List<JsonNode> out = DecodeCommandTest.decode(file, "--protocol", "openects");

        assertThat(out).hasSize(1);
        assertThat(out.getFirst().get("kind").asString()).as(out.toString()).isEqualTo("login");
        assertThat(out.getFirst().get("trust").asString()).isEqualTo("IDENTIFIED");
        assertThat(out.getFirst().get("protocolTrust").toString()).isEqualTo("[\"SIGNED\"]");
    }
}
