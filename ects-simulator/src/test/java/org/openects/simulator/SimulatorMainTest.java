package org.openects.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatorMainTest {

    @Test
    void options_override_the_defaults() {
        SimulatorMain.Options options = SimulatorMain.parse(new String[] {
            "--host",
            "broker.example",
            "--port",
            "8883",
            "--prefix",
            "ke/ects",
            "--trucks",
            "25",
            "--speedup",
            "10",
            "--interval",
            "500ms",
            "--keys",
            "keys.csv",
            "--duration",
            "10m",
            "--mqtt-username",
            "sim",
            "--mqtt-password",
            "pw"
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
        assertThat(options.devices()).isEqualTo(25);
        assertThat(options.mode()).isEqualTo(SimulatorMain.Mode.BROKER);
        assertThat(options.keys()).isEqualTo(Path.of("keys.csv"));
        assertThat(options.duration()).isEqualTo(Duration.ofMinutes(10));
    }

    static final Map<String, String> ENV = Map.of("ECTS_ADMIN_PASSWORD", "admin-secret");

    @Test
    void without_options_the_simulator_drives_the_single_box_platform_on_this_machine() {
        SimulatorMain.Options options = SimulatorMain.parse(new String[0], ENV);

        assertThat(options.mode()).isEqualTo(SimulatorMain.Mode.PLATFORM);
        assertThat(options.platform()).isEqualTo(URI.create("http://localhost:8080"));
        assertThat(options.user()).isEqualTo("admin");
        assertThat(options.password()).isEqualTo("admin-secret");
        assertThat(options.toString()).doesNotContain("admin-secret");
        assertThat(options.idPrefix()).isEqualTo("SIM-");
        assertThat(options.config().host()).isEqualTo("localhost");
        assertThat(options.config().port())
                .as("the embedded broker of ./ects run")
                .isEqualTo(11883);
        assertThat(options.config().topicPrefix()).isEqualTo("ects/v0");
        assertThat(options.config().reportInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(options.config().speedup()).isEqualTo(40);
        assertThat(options.config().clientId()).startsWith("ects-simulator-");
        assertThat(options.devices()).isEqualTo(5);
        assertThat(options.duration()).isNull();
        assertThat(options.config().encoding()).isEqualTo(SimulatorConfig.Encoding.JSON);
    }

    @Test
    void in_platform_mode_the_broker_defaults_to_the_platforms_host_and_can_be_named() {
        SimulatorMain.Options remote = SimulatorMain.parse(
                new String[] {"--platform", "https://ects.example:8443", "--token", "t0k3n", "--devices", "3"},
                Map.of());
        assertThat(remote.config().host()).isEqualTo("ects.example");
        assertThat(remote.config().port()).isEqualTo(11883);
        assertThat(remote.token()).isEqualTo("t0k3n");
        assertThat(remote.devices()).isEqualTo(3);

        SimulatorMain.Options named = SimulatorMain.parse(
                new String[] {"--broker", "mqtt.example:1884", "--password", "pw", "--user", "ops-admin"}, Map.of());
        assertThat(named.config().host()).isEqualTo("mqtt.example");
        assertThat(named.config().port()).isEqualTo(1884);
        assertThat(named.user()).isEqualTo("ops-admin");
        assertThat(named.password()).isEqualTo("pw");
    }

    @Test
    void with_keys_the_simulator_drives_a_bare_broker_on_1883() {
        SimulatorMain.Options options = SimulatorMain.parse(new String[] {"--keys", "keys.csv"}, ENV);

        assertThat(options.mode()).isEqualTo(SimulatorMain.Mode.BROKER);
        assertThat(options.config().host()).isEqualTo("localhost");
        assertThat(options.config().port()).isEqualTo(1883);
        assertThat(options.devices()).isEqualTo(10);
    }

    @Test
    void platform_mode_without_a_password_or_a_token_says_how_to_give_one() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = SimulatorMain.run(
                new String[0], Map.of(), System.out, new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("http://localhost:8080", "--password", "ECTS_ADMIN_PASSWORD", "--token", "--keys");
    }

    @Test
    void options_of_the_two_modes_do_not_mix() {
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--keys", "k.csv", "--password", "pw"}, ENV))
                .hasMessageContaining("does not combine");
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--token", "t", "--password", "pw"}, ENV))
                .hasMessageContaining("either --token");
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--username", "u"}, ENV))
                .hasMessageContaining("--mqtt-username");
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--platform", "localhost:8080"}, ENV))
                .hasMessageContaining("http(s) URL");
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--broker", "host:99999"}, ENV))
                .hasMessageContaining("1-65535");
    }

    @Test
    void an_unreachable_platform_fails_with_status_1_naming_it() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = SimulatorMain.run(
                new String[] {"--platform", "http://127.0.0.1:" + closedPort},
                ENV,
                System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("simulate: cannot reach the platform at http://127.0.0.1:" + closedPort)
                .contains("./ects run", "--platform URL")
                .hasLineCount(1);
    }

    @Test
    void the_maximum_reporting_gap_is_the_demos_unless_reports_are_further_apart() {
        assertThat(SimulatorMain.maxReportingGapSeconds(SimulatorConfig.defaults()))
                .isEqualTo(45);
        assertThat(SimulatorMain.maxReportingGapSeconds(
                        SimulatorConfig.defaults().withReportInterval(Duration.ofSeconds(30))))
                .isEqualTo(90);
    }

    @Test
    void the_compact_encoding_is_chosen_by_option_and_anything_else_is_refused() {
        assertThat(SimulatorMain.parse(new String[] {"--encoding", "compact"}, ENV)
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
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains(
                        "Platform mode",
                        "--platform URL",
                        "--password PASS",
                        "Bare-broker mode",
                        "--keys FILE",
                        "--broker HOST:PORT",
                        "--speedup X");
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
