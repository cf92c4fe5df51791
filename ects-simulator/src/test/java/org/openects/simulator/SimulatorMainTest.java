package org.openects.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SimulatorMainTest {

    @Test
    void options_override_the_defaults() {
        SimulatorMain.Options options = SimulatorMain.parse(new String[] {
            "--host", "broker.example", "--port", "8883", "--prefix", "ke/ects", "--trucks", "25", "--speedup", "10",
            "--interval", "500ms", "--keys", "keys.csv", "--duration", "10m", "--username", "sim", "--password", "pw"
        });

        SimulatorConfig config = options.config();
        assertThat(config.host()).isEqualTo("broker.example");
        assertThat(config.port()).isEqualTo(8883);
        assertThat(config.topicPrefix()).isEqualTo("ke/ects");
        assertThat(config.speedup()).isEqualTo(10);
        assertThat(config.reportInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.username()).isEqualTo("sim");
        assertThat(config.password()).isEqualTo("pw");
        assertThat(config.toString()).doesNotContain("pw");
        assertThat(options.trucks()).isEqualTo(25);
        assertThat(options.keys()).isEqualTo(Path.of("keys.csv"));
        assertThat(options.duration()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void without_options_the_defaults_apply() {
        SimulatorMain.Options options = SimulatorMain.parse(new String[0]);

        assertThat(options.config().host()).isEqualTo("localhost");
        assertThat(options.config().port()).isEqualTo(1883);
        assertThat(options.config().topicPrefix()).isEqualTo("ects/v0");
        assertThat(options.config().reportInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(options.config().speedup()).isEqualTo(40);
        assertThat(options.config().clientId()).startsWith("ects-simulator-");
        assertThat(options.trucks()).isEqualTo(10);
        assertThat(options.duration()).isNull();
        assertThat(options.config().encoding()).isEqualTo(SimulatorConfig.Encoding.JSON);
    }

    @Test
    void the_compact_encoding_is_chosen_by_option_and_anything_else_is_refused() {
        assertThat(SimulatorMain.parse(new String[] {"--encoding", "compact"})
                        .config()
                        .encoding())
                .isEqualTo(SimulatorConfig.Encoding.COMPACT);
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--encoding", "xml"}))
                .hasMessageContaining("--encoding");
    }

    @Test
    void durations_read_in_the_usual_shorthands() {
        assertThat(SimulatorMain.parseDuration("--d", "250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(SimulatorMain.parseDuration("--d", "1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(SimulatorMain.parseDuration("--d", "2h")).isEqualTo(Duration.ofHours(2));
        assertThat(SimulatorMain.parseDuration("--d", "PT3M")).isEqualTo(Duration.ofMinutes(3));
        assertThat(SimulatorMain.parseDuration("--d", "45")).isEqualTo(Duration.ofSeconds(45));
        assertThatThrownBy(() -> SimulatorMain.parseDuration("--d", "soon")).hasMessageContaining("--d");
        assertThatThrownBy(() -> SimulatorMain.parseDuration("--d", "0s")).hasMessageContaining("positive");
    }

    @Test
    void help_prints_the_usage_and_succeeds() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int status = SimulatorMain.run(
                new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--keys FILE", "--speedup X");
    }

    @Test
    void a_bad_option_fails_with_status_2_and_says_why() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = SimulatorMain.run(
                new String[] {"--trucks", "many"}, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--trucks is not a whole number");
    }

    @Test
    void an_unreadable_keys_file_fails_with_status_1() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = SimulatorMain.run(
                new String[] {"--keys", "/nonexistent/keys.csv"},
                System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot use keys");
    }
}
