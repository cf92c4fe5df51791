package org.openects.server.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openects.server.support.Api;
import org.openects.server.support.Eventually;
import org.openects.server.support.Fixtures;
import org.openects.server.support.IntegrationTest;
import org.openects.server.support.TestAccounts;
import org.openects.server.support.TestServers;
import org.openects.simulator.PlatformFleet;
import org.openects.simulator.SimulatorMain;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * {@code ./ects simulate} in platform mode against the whole platform on real servers (PostgreSQL, Mosquitto): the
 * command line logs in, registers its e-seals, starts their movements and drives them over MQTT; the API then shows
 * the devices, the movements, their tracks and the scripted incidents' alerts. The keys go to a seal provider's
 * account, never to the administrator. A second run re-keys the same devices and drives their movements on. Refusals end the command with one line saying what to do.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class SimulatePlatformIT extends IntegrationTest {

    @LocalServerPort
    int port;

    Api admin;
    String idPrefix;

    @BeforeEach
    void logIn() {
        admin = Api.login(port, "admin", TestAccounts.ADMIN_PASSWORD);
        idPrefix = "SIMIT" + UUID.randomUUID().toString().substring(0, 6).toUpperCase(Locale.ROOT) + "-";
    }

    /** A finished or running command line: its exit status and what it printed. */
    record Run(CompletableFuture<Integer> status, ByteArrayOutputStream out, ByteArrayOutputStream err) {
        int await(Duration timeout) throws Exception {
            return status.get(timeout.toSeconds(), TimeUnit.SECONDS);
        }

        String stdout() {
            return out.toString(StandardCharsets.UTF_8);
        }

        String stderr() {
            return err.toString(StandardCharsets.UTF_8);
        }
    }

    Run simulate(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--platform",
                "http://127.0.0.1:" + port,
                "--broker",
                TestServers.MQTT_HOST + ":" + TestServers.MQTT_PORT,
                "--prefix",
                TestServers.MQTT_TOPIC_PREFIX,
                "--id-prefix",
                idPrefix));
        args.addAll(List.of(extra));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> SimulatorMain.run(
                args.toArray(String[]::new),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        return new Run(status, out, err);
    }

    @Test
    void theSimulatorRegistersItsSealsStartsTheirMovementsAndTheirIncidentsRaiseAlerts() throws Exception {
        Run run = simulate(
                "--password",
                TestAccounts.ADMIN_PASSWORD,
                "--devices",
                "3",
                "--speedup",
                "80",
                "--interval",
                "500ms",
                "--duration",
                "25s");

        Map<String, JsonNode> movements = Eventually.await(
                Duration.ofSeconds(30), "three active movements of the simulated seals", () -> activeMovements());
        assertThat(movements).containsOnlyKeys(idPrefix + "0001", idPrefix + "0002", idPrefix + "0003");
        long trader =
                movements.get(idPrefix + "0001").get("traderOrganisationId").asLong();
        assertThat(admin.get("/api/v1/organisations/" + trader)
                        .json()
                        .get("name")
                        .asString())
                .isEqualTo(PlatformFleet.TRADER);
        for (JsonNode movement : movements.values()) {
            assertThat(movement.get("reference").asString()).startsWith(PlatformFleet.REFERENCE_PREFIX + "-");
            assertThat(movement.get("origin").asString()).contains("Mombasa");
            assertThat(movement.get("routePlan").get("corridor").get("path").size())
                    .isGreaterThan(100);
            JsonNode device = admin.get(
                            "/api/v1/devices/" + movement.get("deviceId").asString())
                    .json();
            assertThat(device.get("protocol").asString()).isEqualTo("openects");
        }

        for (JsonNode movement : movements.values()) {
            long id = movement.get("id").asLong();
            Eventually.await(
                    Duration.ofSeconds(20),
                    "reports on movement " + id,
                    () -> admin.get("/api/v1/movements/" + id + "/track").json().size() >= 3 ? true : null);
        }
        JsonNode deviation = awaitAlert(movements.get(idPrefix + "0001"), "CORRIDOR_LEFT");
        assertThat(deviation.get("severity").asString()).isEqualTo("HIGH");
        awaitAlert(movements.get(idPrefix + "0002"), "SEAL_TAMPERED");

        assertThat(run.await(Duration.ofSeconds(60))).as(run.stderr()).isZero();
        assertThat(run.stdout())
                .contains("registering 3 devices", idPrefix + "0001", "leaves the corridor", "done:")
                .contains("watch them at http://127.0.0.1:" + port);
        assertThat(run.stderr()).isEmpty();
        assertThat(rejectionsOfTheSimulatedSeals())
                .as("every message verified and fresh")
                .isEmpty();

        // The keys went to the simulated seal provider's account, never to the administrator.
        JsonNode seal = admin.get("/api/v1/devices/" + idPrefix + "0001").json();
        assertThat(seal.get("keyAwaitingProvider").asBoolean()).isFalse();
        assertThat(admin.get("/api/v1/organisations/"
                                + seal.get("ownerOrganisationId").asLong())
                        .json()
                        .get("name")
                        .asString())
                .isEqualTo(PlatformFleet.SEAL_PROVIDER);

        // A second run: the same seals get new keys, their counters carry on, their movements (still active) are
        // driven on: an administrator may not cancel them.
        Map<Long, Integer> tracks = new HashMap<>();
        for (JsonNode movement : movements.values()) {
            long id = movement.get("id").asLong();
            tracks.put(
                    id, admin.get("/api/v1/movements/" + id + "/track").json().size());
        }
        Run again = simulate(
                "--password", TestAccounts.ADMIN_PASSWORD, "--devices", "3", "--interval", "500ms", "--duration", "6s");
        assertThat(again.await(Duration.ofSeconds(60))).as(again.stderr()).isZero();
        assertThat(again.stdout())
                .contains(
                        "new key",
                        movements.get(idPrefix + "0001").get("reference").asString(),
                        "continued from an earlier run");
        Map<String, JsonNode> continued = activeMovements();
        assertThat(continued).isNotNull().hasSize(3);
        for (Map.Entry<String, JsonNode> entry : continued.entrySet()) {
            long id = entry.getValue().get("id").asLong();
            assertThat(id).isEqualTo(movements.get(entry.getKey()).get("id").asLong());
            Eventually.await(
                    Duration.ofSeconds(20),
                    "reports of the second run on movement " + id,
                    () -> admin.get("/api/v1/movements/" + id + "/track").json().size() > tracks.get(id) ? true : null);
        }
        assertThat(rejectionsOfTheSimulatedSeals())
                .as("the new keys verify, the counters carry on")
                .isEmpty();
    }

    @Test
    void aWrongPasswordEndsTheCommandWithOneLineNamingThePlatform() throws Exception {
        Run run = simulate("--password", "not-the-admin-password");

        assertThat(run.await(Duration.ofSeconds(30))).isEqualTo(1);
        assertThat(run.stderr())
                .startsWith("simulate: the platform at http://127.0.0.1:" + port + " refused the login of admin")
                .contains("--password")
                .hasLineCount(1);
        assertThat(admin.get("/api/v1/devices/" + idPrefix + "0001").status()).isEqualTo(404);
    }

    @Test
    void anAccountThatMayNotRegisterDevicesIsToldWhichAccountItNeeds() throws Exception {
        long customs = admin.post(
                        "/api/v1/organisations", Map.of("name", Fixtures.uniqueId("Sim Customs"), "type", "CUSTOMS"))
                .json()
                .get("id")
                .asLong();
        String officer = "sim-officer-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Response created = admin.post(
                "/api/v1/users",
                Map.of(
                        "username",
                        officer,
                        "password",
                        "a-good-long-password",
                        "organisationId",
                        customs,
                        "roles",
                        List.of("OFFICER")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);

        Run run = simulate("--user", officer, "--password", "a-good-long-password");

        assertThat(run.await(Duration.ofSeconds(30))).isEqualTo(1);
        assertThat(run.stderr())
                .startsWith("simulate: the account " + officer + " on http://127.0.0.1:" + port)
                .contains("administrator", "ADMIN", "--user admin")
                .hasLineCount(1);
        assertThat(admin.get("/api/v1/devices/" + idPrefix + "0001").status()).isEqualTo(404);
    }

    @Test
    void aBrokerThatCannotBeReachedIsNamedBeforeAnythingIsRegistered() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Run run = simulate("--password", TestAccounts.ADMIN_PASSWORD, "--broker", "127.0.0.1:" + closed);

        assertThat(run.await(Duration.ofSeconds(30))).isEqualTo(1);
        assertThat(run.stderr())
                .startsWith("simulate: no MQTT broker at 127.0.0.1:" + closed)
                .contains("--broker HOST:PORT")
                .hasLineCount(1);
        assertThat(admin.get("/api/v1/devices/" + idPrefix + "0001").status()).isEqualTo(404);
    }

    /** The active movements of this test's seals, by device id, or null while there are fewer than three. */
    private @Nullable Map<String, JsonNode> activeMovements() {
        Map<String, JsonNode> active = new HashMap<>();
        for (JsonNode movement : admin.get("/api/v1/movements").json()) {
            String device = movement.path("deviceId").asString("");
            if (device.startsWith(idPrefix) && movement.get("supervised").asBoolean()) {
                active.put(device, movement);
            }
        }
        return active.size() >= 3 ? active : null;
    }

    private JsonNode awaitAlert(JsonNode movement, String type) {
        long id = movement.get("id").asLong();
        return Eventually.await(Duration.ofSeconds(30), type + " alert on movement " + id, () -> {
            for (JsonNode alert : admin.get("/api/v1/alerts").json()) {
                if (alert.get("movementId").asLong() == id
                        && alert.get("type").asString().equals(type)) {
                    return alert;
                }
            }
            return null;
        });
    }

    private List<String> rejectionsOfTheSimulatedSeals() {
        List<String> rejections = new ArrayList<>();
        for (JsonNode row : admin.get("/api/v1/ingress/rejections").json()) {
            if (row.path("claimedDeviceId").asString("").startsWith(idPrefix)) {
                rejections.add(row.toString());
            }
        }
        return rejections;
    }
}
