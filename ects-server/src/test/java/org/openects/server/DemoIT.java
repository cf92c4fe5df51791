package org.openects.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openects.server.support.Api;
import org.openects.server.support.Eventually;
import org.openects.server.support.SingleBox;
import org.openects.server.support.TestAccounts;
import org.openects.simulator.DemoMain;
import org.openects.simulator.DemoSetup;
import tools.jackson.databind.JsonNode;

/**
 * {@code ./ects demo} as a newcomer starts it: the single-box platform with the {@code demo} profile, on H2 and its
 * embedded broker in a fresh data directory, and the simulated fleet ({@link DemoMain}, a JVM of its own under the
 * launcher, here a client in the test's) set up from the ready file the platform writes. Within the first minute the
 * fleet shows its scripted incidents through the API, the gap truck's buffered history included; the officer armed
 * every seal with a photo, and the accounts README.md publishes log in.
 */
class DemoIT {

    /** What README.md and the banner promise is one minute; the rest is slack for a loaded test machine. */
    private static final Duration WITHIN = Duration.ofSeconds(75);

    @TempDir
    static Path dataDir;

    static SingleBox platform;
    static DemoMain.Fleet fleet;
    static long readyAt;

    @BeforeAll
    static void startTheDemo() throws Exception {
        Path readyFile = dataDir.resolve("ready").resolve("platform.properties");
        Files.createDirectories(readyFile.getParent());
        platform = SingleBox.start(dataDir, "--spring.profiles.active=demo", "--ects.demo.ready-file=" + readyFile);
        // As the launcher does: the fleet waits for the platform's ready file, then sets itself up through the API.
        DemoMain.Settings settings = DemoMain.settings(DemoMain.awaitReadyFile(readyFile, Duration.ofSeconds(30)));
        assertThat(settings.trucks()).isEqualTo(6);
        assertThat(settings.config().port()).isEqualTo(platform.mqttPort());
        fleet = DemoMain.start(settings, System.out);
        readyAt = System.nanoTime(); // the "demo is ready" banner has just been printed
    }

    @AfterAll
    static void stopTheDemo() {
        if (fleet != null) {
            fleet.close(); // first, as the launcher does: the fleet's last reports still reach the broker
        }
        platform.close();
    }

    @Test
    void theScriptedIncidentsAndTheBufferedHistoryShowWithinTheFirstMinute() {
        Api admin = Api.login(platform.port(), "admin", TestAccounts.ADMIN_PASSWORD);
        Map<String, Long> movementOf = new LinkedHashMap<>(); // device id -> movement id
        for (JsonNode movement : admin.get("/api/v1/movements").json()) {
            if (movement.get("supervised").asBoolean()) {
                movementOf.put(
                        movement.get("deviceId").asString(), movement.get("id").asLong());
            }
        }
        assertThat(movementOf).hasSize(6);
        long gapMovement = movementOf.get("ESEAL-0003");
        Map<String, Double> seenAfterSeconds = new LinkedHashMap<>();

        Eventually.await(WITHIN.minusNanos(System.nanoTime() - readyAt), "every scripted incident of the demo", () -> {
            for (JsonNode alert : admin.get("/api/v1/alerts").json()) {
                String type = alert.get("type").asString();
                String expectedDevice =
                        switch (type) {
                            case "CORRIDOR_LEFT" -> "ESEAL-0001";
                            case "SEAL_TAMPERED", "SEAL_OPENED" -> "ESEAL-0002";
                            case "REPORTING_GAP" -> "ESEAL-0003";
                            default -> null;
                        };
                if (alert.get("deviceId").asString().equals(expectedDevice)) {
                    seenAfterSeconds.putIfAbsent(type.startsWith("SEAL_") ? "SEAL" : type, sinceReady());
                }
            }
            if (seenAfterSeconds.containsKey("REPORTING_GAP")) {
                for (JsonNode event : admin.get("/api/v1/movements/" + gapMovement + "/events")
                        .json()) {
                    if (event.get("type").asString().equals("REPORTING_RESUMED")) {
                        seenAfterSeconds.putIfAbsent("REPORTING_RESUMED", sinceReady());
                    }
                }
            }
            return seenAfterSeconds.size() == 4 ? true : null;
        });
        System.out.println("DemoIT: seconds after readiness: " + seenAfterSeconds);

        // The buffered history: readings taken during the silence, sent when coverage returned, placed by device time.
        JsonNode gap = eventOf(admin, gapMovement, "REPORTING_GAP");
        JsonNode resumed = eventOf(admin, gapMovement, "REPORTING_RESUMED");
        Instant silentSince = Instant.parse(gap.get("at").asString());
        Instant resumedAt = Instant.parse(resumed.get("at").asString());
        List<JsonNode> history = Eventually.await(Duration.ofSeconds(10), "the buffered history on the track", () -> {
            List<JsonNode> points = new ArrayList<>();
            for (JsonNode point :
                    admin.get("/api/v1/movements/" + gapMovement + "/track").json()) {
                if (point.get("history").asBoolean()) {
                    points.add(point);
                }
            }
            return points.isEmpty() ? null : points;
        });
        assertThat(history).hasSizeGreaterThan(5).allSatisfy(point -> assertThat(
                        Instant.parse(point.get("at").asString()))
                .isBefore(resumedAt));
        assertThat(history)
                .anySatisfy(point ->
                        assertThat(Instant.parse(point.get("at").asString())).isAfter(silentSince));
    }

    @Test
    void theDemoGoesThroughTheProcedureAndItsOverdueTruckEndsInEnquiry() {
        Api officer = Api.login(platform.port(), "officer", "demo-officer-1");
        Map<String, Integer> states = new LinkedHashMap<>();
        long overdue = -1;
        for (JsonNode movement : officer.get("/api/v1/movements").json()) {
            states.merge(movement.get("state").asString(), 1, Integer::sum);
            assertThat(movement.get("reference").asString()).hasSize(18); // an MRN
            if ("ESEAL-000%d"
                    .formatted(DemoSetup.OVERDUE_TRUCK)
                    .equals(movement.path("deviceId").asString(""))) {
                overdue = movement.get("id").asLong();
            }
        }
        assertThat(states).containsKeys("DECLARED", "SEALS_REQUESTED", "SEALS_ASSIGNED");
        assertThat(officer.get("/api/v1/declarations").json()).hasSize(9);
        long movement = overdue;
        assertThat(movement).isPositive();

        List<String> path = Eventually.await(
                DemoSetup.OVERDUE_TIME_LIMIT.plus(Duration.ofMinutes(2)), "the overdue truck's enquiry", () -> {
                    List<String> to = new ArrayList<>();
                    for (JsonNode transition : officer.get("/api/v1/movements/" + movement + "/transitions")
                            .json()) {
                        to.add(transition.get("to").asString());
                    }
                    return to.contains("ENQUIRY") ? to : null;
                });
        assertThat(path)
                .containsSubsequence(
                        "DECLARED", "SEALS_REQUESTED", "SEALS_ASSIGNED", "ARMED", "IN_TRANSIT", "OVERDUE", "ENQUIRY");
    }

    @Test
    void theDemoOfficerArmedEverySealAtThePortWithAPhoto() {
        Api officer = Api.login(platform.port(), "officer", "demo-officer-1");
        for (JsonNode movement : officer.get("/api/v1/movements").json()) {
            if (!movement.get("supervised").asBoolean()) {
                continue; // the declarations that stop before the road
            }
            JsonNode steps = officer.get(
                            "/api/v1/movements/" + movement.get("id").asLong() + "/custody")
                    .json();
            assertThat(steps).hasSize(1);
            JsonNode armed = steps.get(0);
            assertThat(armed.get("kind").asString()).isEqualTo("ARMED");
            assertThat(armed.get("recordedBy").asString()).isEqualTo("officer");
            assertThat(armed.get("seals").get(0).get("number").asString())
                    .isEqualTo(movement.get("deviceId").asString());
            assertThat(armed.get("photos")).hasSize(1);
            assertThat(officer.get(armed.get("photos").get(0).get("url").asString())
                            .status())
                    .isEqualTo(200);
        }
    }

    @Test
    void everyDemoAccountReadmeListsLogsInWithItsPublishedPassword() throws IOException {
        Map<String, String> published = publishedDemoAccounts();
        assertThat(published)
                .containsKeys(
                        "operator", "officer", "trader", "transporter", "sealprovider", "auditor", "customs-system");

        published.put("admin", TestAccounts.ADMIN_PASSWORD); // README: ECTS_ADMIN_PASSWORD
        published.forEach((username, password) -> {
            Api account = Api.login(platform.port(), username, password);
            JsonNode me = account.get("/api/v1/auth/me").json();
            assertThat(me.get("username").asString()).isEqualTo(username);
        });
    }

    private static double sinceReady() {
        return Math.round((System.nanoTime() - readyAt) / 1e8) / 10.0;
    }

    private static JsonNode eventOf(Api api, long movementId, String type) {
        for (JsonNode event :
                api.get("/api/v1/movements/" + movementId + "/events").json()) {
            if (event.get("type").asString().equals(type)) {
                return event;
            }
        }
        throw new AssertionError("no " + type + " event on movement " + movementId);
    }

    /**
     * The demo accounts of README.md's table ({@code | user | password | role |}) whose password is published there:
     * every row but admin's.
     */
    private static Map<String, String> publishedDemoAccounts() throws IOException {
        Path readme = Files.exists(Path.of("README.md")) ? Path.of("README.md") : Path.of("..", "README.md");
        String text = Files.readString(readme);
        int header = text.indexOf("| user | password | role |");
        assertThat(header).as("the demo accounts table of README.md").isNotNegative();
        String table = text.substring(header, text.indexOf("\n\n", header));
        Matcher row = Pattern.compile("(?m)^\\| `([^`]+)` \\| `([^`]+)` \\|").matcher(table);
        Map<String, String> accounts = new LinkedHashMap<>();
        while (row.find()) {
            accounts.put(row.group(1), row.group(2));
        }
        return accounts;
    }
}
