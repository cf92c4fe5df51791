package org.openects.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoMainTest {

    @TempDir
    Path dir;

    static Properties readyFile() {
        Properties file = new Properties();
        file.setProperty("url", "http://localhost:18080");
        file.setProperty("mqtt.host", "127.0.0.1");
        file.setProperty("mqtt.port", "21883");
        file.setProperty("mqtt.topic-prefix", "ke/demo");
        file.setProperty("trucks", "4");
        file.setProperty("speedup", "40.0");
        file.setProperty("max-reporting-gap-seconds", "45");
        return file;
    }

    @Test
    void theSettingsComeFromThePlatformsReadyFile() {
        DemoMain.Settings settings = DemoMain.settings(readyFile());

        assertThat(settings.platform()).hasToString("http://localhost:18080");
        assertThat(settings.trucks()).isEqualTo(4);
        assertThat(settings.maxReportingGapSeconds()).isEqualTo(45);
        assertThat(settings.config().host()).isEqualTo("127.0.0.1");
        assertThat(settings.config().port()).isEqualTo(21883);
        assertThat(settings.config().topicPrefix()).isEqualTo("ke/demo");
        assertThat(settings.config().speedup()).isEqualTo(40.0);
        assertThat(settings.config().username()).isNull();
        assertThat(DemoMain.banner(settings))
                .contains("OpenECTS demo is ready: http://localhost:18080/", "4 e-sealed trucks", "40x faster")
                .contains("operator (password demo-operator-1)");
    }

    @Test
    void brokerCredentialsInTheReadyFileReachTheSimulator() {
        Properties file = readyFile();
        file.setProperty("mqtt.username", "demo-fleet");
        file.setProperty("mqtt.password", "s3cret");

        SimulatorConfig config = DemoMain.settings(file).config();

        assertThat(config.username()).isEqualTo("demo-fleet");
        assertThat(config.password()).isEqualTo("s3cret");
    }

    @Test
    void aReadyFileWithoutTheBrokerIsRefusedNamingWhatIsMissing() {
        Properties file = readyFile();
        file.remove("mqtt.port");

        assertThatThrownBy(() -> DemoMain.settings(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mqtt.port");
    }

    @Test
    void theFleetReadsTheReadyFileOnceItIsThere() throws Exception {
        Path file = dir.resolve("platform.properties");
        try (var writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            readyFile().store(writer, null);
        }

        Properties read = DemoMain.awaitReadyFile(file, Duration.ofSeconds(1));

        assertThat(read).isEqualTo(readyFile());
    }

    @Test
    void aReadyFileThatNeverComesEndsTheWaitSayingWhichFile() {
        Path file = dir.resolve("never.properties");

        assertThatThrownBy(() -> DemoMain.awaitReadyFile(file, Duration.ofMillis(300)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void withoutReadyFileTheCommandLineIsRefused() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = DemoMain.run(
                new String[0],
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--ready-file FILE is required");
    }

    @Test
    void aReadyFileThatDoesNotComeEndsTheCommandWithStatusOne() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = DemoMain.run(
                new String[] {"--ready-file", dir.resolve("absent").toString(), "--wait", "200ms"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("demo: the demo platform did not write");
    }

    @Test
    void theDemoPasswordsAreThePublishedOnes() {
        assertThat(DemoSetup.password(DemoSetup.SEAL_PROVIDER)).isEqualTo("demo-sealprovider-1");
        assertThat(DemoSetup.password(DemoSetup.OFFICER)).isEqualTo("demo-officer-1");
    }

    @Test
    void theOfficersPhotoIsAJpegOfTheSealedDoors() {
        byte[] photo = DemoPhotos.sealedDoors("ESEAL-0001", "KDB 001A / ZF 4001");

        assertThat(photo).hasSizeGreaterThan(10_000);
        assertThat(photo[0]).isEqualTo((byte) 0xFF);
        assertThat(photo[1]).isEqualTo((byte) 0xD8);
    }
}
