package org.openects.codec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./ects decode} on JT/T 808 sub-packages: one file is one connection. The split frames below are the blind-
 * area batch of the codec tests (2 locations) cut into three packets, serials 20–22, terminal 013912345678, built from
 * the standard's layout (header, package item, body, XOR, escaping) with a few lines of Python.
 */
class DecodeCommandTest {

    static final String PACKET_1 = "7e07042014013912345678001400030001000201001c000000000000000e0013b7440231db087e";
    static final String PACKET_2 =
            "7e070420190139123456780015000300028c06a4000000b4250115100000001c000001000000000e0013a57e";
    static final String PACKET_3 = "7e07042012013912345678001600030003b7a80231dbf006a4007b00b52501151001005c7e";

    @TempDir
    Path dir;

    List<JsonNode> run(String... lines) throws IOException {
        Path file = dir.resolve("frames.txt");
        Files.write(file, List.of(lines));
        return decode(file, "--protocol", "jt808");
    }

    static List<JsonNode> decode(Path file, String... options) {
        String[] args = java.util.Arrays.copyOf(options, options.length + 1);
        args[options.length] = file.toString();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = DecodeCommand.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        JsonMapper json = JsonMapper.builder().build();
        return out.toString(StandardCharsets.UTF_8).lines().map(json::readTree).toList();
    }

    @Test
    void subPackagesInAFilePrintAsFragmentsAndTheLastLinePrintsTheWholeMessage() throws IOException {
        List<JsonNode> out = run("# a split blind-area batch", PACKET_1, PACKET_2, PACKET_3);

        assertThat(out).hasSize(4);
        assertThat(out.get(0).get("line").asInt()).isEqualTo(2);
        assertThat(out.get(0).get("kind").asString()).isEqualTo("fragment");
        assertThat(out.get(0).get("part").asInt()).isEqualTo(1);
        assertThat(out.get(0).get("parts").asInt()).isEqualTo(3);
        assertThat(out.get(0).get("deviceId").asString()).isEqualTo("013912345678");
        assertThat(out.get(0).get("reply").asString()).isEqualTo("7e8001000501391234567800000014070400a37e");
        assertThat(out.get(1).get("kind").asString()).isEqualTo("fragment");
        assertThat(out.get(1).get("line").asInt()).isEqualTo(3);
        assertThat(out.subList(2, 4)).allSatisfy(report -> {
            assertThat(report.get("line").asInt()).isEqualTo(4);
            assertThat(report.get("kind").asString()).isEqualTo("report");
            assertThat(report.get("history").asBoolean()).isTrue();
        });
        assertThat(out.get(2).get("latitude").asDouble()).isEqualTo(-1.2921);
        assertThat(out).allSatisfy(message -> {
            assertThat(message.get("trust").asString()).isEqualTo("IDENTIFIED");
            assertThat(message.get("protocolTrust").toString()).isEqualTo("[\"IDENTIFIED\"]");
        });
    }

    @Test
    void aSplitMessageStillMissingAPacketWhenTheFileEndsPrintsAsIncomplete() throws IOException {
        List<JsonNode> out = run(PACKET_1, PACKET_3, "");

        assertThat(out).hasSize(3);
        assertThat(out.get(2).get("kind").asString()).isEqualTo("error");
        assertThat(out.get(2).get("reason").asString()).isEqualTo("INCOMPLETE");
        assertThat(out.get(2).has("trust"))
                .as("a rejection has no trust of its own")
                .isFalse();
        assertThat(out.get(2).get("protocolTrust").toString()).isEqualTo("[\"IDENTIFIED\"]");
        assertThat(out.get(2).get("line").asInt()).as("the last frame's line").isEqualTo(2);
        assertThat(out.get(2).get("detail").asString()).contains("2 of 3 packets (missing 2)");
    }
}
