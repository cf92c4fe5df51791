package org.openects.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openects.server.support.Api;
import org.openects.server.support.Eventually;
import org.openects.server.support.SingleBox;
import org.openects.server.support.TestAccounts;
import org.openects.simulator.DemoMain;
import tools.jackson.databind.JsonNode;

/**
 * {@code ./ects demo} started a second time on the same data directory: the platform gives the demo seals new keys at
 * its start, the fleet (a new process, which knew none of the old keys) claims them as the demo seal provider, and its
 * trucks drive their movements of the first demo on, their counters carrying on: the platform accepts every report.
 */
class DemoRestartIT {

    @TempDir
    Path dataDir;

    @Test
    void aRestartedDemoClaimsTheSealsNewKeysAndDrivesItsMovementsOn() throws Exception {
        Map<String, Long> firstMovements;
        Map<Long, Integer> tracks = new HashMap<>();
        try (SingleBox platform = startPlatform(1);
                DemoMain.Fleet fleet = startFleet(1, new ByteArrayOutputStream())) {
            Api admin = Api.login(platform.port(), "admin", TestAccounts.ADMIN_PASSWORD);
            firstMovements = movements(admin);
            assertThat(firstMovements).containsOnlyKeys("ESEAL-0001", "ESEAL-0002");
            for (long id : firstMovements.values()) {
                tracks.put(id, Eventually.await(Duration.ofSeconds(30), "reports on movement " + id, () -> {
                    int size = admin.get("/api/v1/movements/" + id + "/track")
                            .json()
                            .size();
                    return size >= 2 ? size : null;
                }));
            }
            assertThat(fleet.simulator().published()).isPositive();
        }

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SingleBox platform = startPlatform(2);
                DemoMain.Fleet fleet = startFleet(2, out)) {
            Api admin = Api.login(platform.port(), "admin", TestAccounts.ADMIN_PASSWORD);
            assertThat(out.toString(StandardCharsets.UTF_8))
                    .contains("ESEAL-0001   new key", "ESEAL-0002   new key", "continued from an earlier run")
                    .contains("OpenECTS demo is ready");
            assertThat(movements(admin)).isEqualTo(firstMovements);
            for (long id : firstMovements.values()) {
                Eventually.await(
                        Duration.ofSeconds(30),
                        "reports of the second demo on movement " + id,
                        () -> admin.get("/api/v1/movements/" + id + "/track")
                                                .json()
                                                .size()
                                        > tracks.get(id) + 1
                                ? true
                                : null);
            }
            for (String seal : firstMovements.keySet()) {
                assertThat(admin.get("/api/v1/devices/" + seal)
                                .json()
                                .get("keyVersion")
                                .asInt())
                        .as("the key of " + seal + " after two demo starts")
                        .isEqualTo(2);
            }
            assertThat(rejections(admin))
                    .as("the new keys verify, the counters carry on")
                    .isEmpty();
        }
    }

    private SingleBox startPlatform(int run) {
        return SingleBox.start(
                dataDir,
                "--spring.profiles.active=demo",
                "--ects.demo.trucks=2",
                "--ects.demo.ready-file=" + readyFile(run));
    }

    private DemoMain.Fleet startFleet(int run, ByteArrayOutputStream out) throws Exception {
        DemoMain.Settings settings = DemoMain.settings(DemoMain.awaitReadyFile(readyFile(run), Duration.ofSeconds(30)));
        return DemoMain.start(settings, new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    private Path readyFile(int run) {
        Path file = dataDir.resolve("ready-" + run).resolve("platform.properties");
        try {
            Files.createDirectories(file.getParent());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return file;
    }

    private static Map<String, Long> movements(Api admin) {
        Map<String, Long> movements = new HashMap<>();
        for (JsonNode movement : admin.get("/api/v1/movements").json()) {
            if (movement.get("supervised").asBoolean()) { // the trucks on the road, not the showcase declarations
                movements.put(
                        movement.get("deviceId").asString(), movement.get("id").asLong());
            }
        }
        return movements;
    }

    private static List<String> rejections(Api admin) {
        List<String> rejections = new ArrayList<>();
        for (JsonNode row : admin.get("/api/v1/ingress/rejections").json()) {
            if (row.path("claimedDeviceId").asString("").startsWith("ESEAL-")) {
                rejections.add(row.toString());
            }
        }
        return rejections;
    }
}
