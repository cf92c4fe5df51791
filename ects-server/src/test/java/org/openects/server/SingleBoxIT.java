package org.openects.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;
import org.openects.domain.SealState;
import org.openects.server.support.Api;
import org.openects.server.support.DevicePublisher;
import org.openects.server.support.Eventually;
import org.openects.server.support.Fixtures;
import org.openects.server.support.SingleBox;
import org.openects.server.support.TestAccounts;
import tools.jackson.databind.JsonNode;

/**
 * The default, single-box configuration end to end, with no PostgreSQL and no Mosquitto: the platform on its H2 file
 * database and its embedded MQTT broker takes a device registered through the API, the device's signed reports
 * through the embedded broker, raises the alert and refuses the replay; stopped and started again on the same data
 * directory, it still has all of it and still knows the device's counter.
 */
class SingleBoxIT {

    private static final Duration ASYNC = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    String deviceId = Fixtures.uniqueId("ESEAL");
    byte[] key;
    long movementId;
    String reference = Fixtures.uniqueId("MRN");

    @Test
    void theDefaultConfigurationRunsEndToEndOnH2AndTheEmbeddedBrokerAndKeepsItsDataAcrossARestart() throws Exception {
        long alertId;
        try (SingleBox platform = SingleBox.start(dataDir)) {
            assertThat(platform.databaseProduct()).isEqualTo("H2");
            assertThat(Files.list(dataDir.resolve("db"))
                            .map(p -> p.getFileName().toString()))
                    .anySatisfy(name -> assertThat(name).startsWith("ects").endsWith(".mv.db"));
            Api.Response health = Api.anonymous(platform.port()).get("/actuator/health");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.json().get("status").asString()).isEqualTo("UP");

            Api admin = Api.login(platform.port(), "admin", TestAccounts.ADMIN_PASSWORD);
            aMovementWithARegisteredESeal(admin);

            try (DevicePublisher device = platform.device()) {
                device.publish(report(1).position(-4.05, 39.66).build(), key);
                device.publish(report(2).position(-3.20, 39.40).build(), key); // 60 km off the corridor
                device.publish(report(2).position(-3.21, 39.41).build(), key); // its counter again: a replay
            }

            JsonNode alert = awaitAlert(admin, "CORRIDOR_LEFT");
            alertId = alert.get("id").asLong();
            assertThat(alert.get("deviceId").asString()).isEqualTo(deviceId);
            assertThat(alert.get("state").asString()).isEqualTo("OPEN");
            awaitRejections(admin, 1);
            Eventually.await(ASYNC, "both accepted reports on the track", () -> trackSize(admin) == 2 ? true : null);
            assertThat(count(admin.get("/api/v1/ingress/stats").json(), "ACCEPTED", null))
                    .isEqualTo(2);
            assertThat(count(admin.get("/api/v1/ingress/stats").json(), "REJECTED", "REPLAYED_COUNTER"))
                    .isEqualTo(1);
        }

        try (SingleBox platform = SingleBox.start(dataDir)) {
            Api admin = Api.login(platform.port(), "admin", TestAccounts.ADMIN_PASSWORD);

            JsonNode movement = admin.get("/api/v1/movements/" + movementId).json();
            assertThat(movement.get("reference").asString()).isEqualTo(reference);
            assertThat(admin.get("/api/v1/movements").json().findValuesAsString("reference"))
                    .contains(reference);
            JsonNode alert = awaitAlert(admin, "CORRIDOR_LEFT");
            assertThat(alert.get("id").asLong()).isEqualTo(alertId);
            assertThat(trackSize(admin)).isEqualTo(2);
            assertThat(admin.get("/api/v1/devices/" + deviceId)
                            .json()
                            .get("lastCounter")
                            .asLong())
                    .isEqualTo(2);
            assertThat(admin.get("/api/v1/ingress/rejections").json().findValuesAsString("reason"))
                    .containsExactly("REPLAYED_COUNTER");

            // The device's counter survived too: counter 2 is still a replay, counter 3 goes through.
            try (DevicePublisher device = platform.device()) {
                device.publish(report(2).position(-3.22, 39.42).build(), key);
                device.publish(
                        report(3).position(-3.80, 39.30).seal(SealState.OPEN).build(), key);
            }
            awaitRejections(admin, 2);
            awaitAlert(admin, "SEAL_OPENED");
            assertThat(trackSize(admin)).isEqualTo(3);
            Eventually.await(
                    ASYNC,
                    "ingress totals carried over the restart",
                    () -> count(admin.get("/api/v1/ingress/stats").json(), "ACCEPTED", null) == 3 ? true : null);
            assertThat(count(admin.get("/api/v1/ingress/stats").json(), "REJECTED", "REPLAYED_COUNTER"))
                    .isEqualTo(2);
        }
    }

    private void aMovementWithARegisteredESeal(Api admin) {
        long traderId = admin.post(
                        "/api/v1/organisations", Map.of("name", Fixtures.uniqueId("Trader"), "type", "TRADER"))
                .json()
                .get("id")
                .asLong();
        Api.Response registered = admin.registerDevice(Fixtures.anESeal(deviceId));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        key = Base64.getDecoder().decode(registered.json().get("key").asString());
        assertThat(key).hasSize(32);
        assertThat(admin.get("/api/v1/devices/" + deviceId).json().has("key"))
                .as("the key is shown once")
                .isFalse();
        Api.Response movement = admin.post("/api/v1/movements", Fixtures.aMovement(reference, traderId, deviceId));
        assertThat(movement.status()).as(movement.body()).isEqualTo(201);
        movementId = movement.json().get("id").asLong();
    }

    private Report.Builder report(long counter) {
        return Report.builder(DeviceId.of(deviceId), Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .counter(counter)
                .seal(SealState.CLOSED);
    }

    private JsonNode awaitAlert(Api admin, String type) {
        return Eventually.await(ASYNC, type + " alert on movement " + movementId, () -> {
            for (JsonNode alert : admin.get("/api/v1/alerts").json()) {
                if (alert.get("movementId").asLong() == movementId
                        && alert.get("type").asString().equals(type)) {
                    return alert;
                }
            }
            return null;
        });
    }

    private void awaitRejections(Api admin, int replays) {
        Eventually.await(ASYNC, replays + " replayed counters rejected", () -> {
            Map<String, Integer> reasons = new HashMap<>();
            for (JsonNode row : admin.get("/api/v1/ingress/rejections").json()) {
                if (row.path("claimedDeviceId").asString("").equals(deviceId)) {
                    reasons.merge(row.get("reason").asString(), 1, Integer::sum);
                }
            }
            return reasons.equals(Map.of("REPLAYED_COUNTER", replays)) ? true : null;
        });
    }

    private int trackSize(Api admin) {
        return admin.get("/api/v1/movements/" + movementId + "/track").json().size();
    }

    /** The total the ingress stats give for an outcome and reason ({@code null}: none). */
    private static long count(JsonNode stats, String outcome, @Nullable String reason) {
        long total = 0;
        for (JsonNode row : stats) {
            String rowReason = row.path("reason").isNull() || row.path("reason").isMissingNode()
                    ? null
                    : row.get("reason").asString();
            if (row.get("outcome").asString().equals(outcome) && java.util.Objects.equals(rowReason, reason)) {
                total += row.get("count").asLong();
            }
        }
        return total;
    }
}
