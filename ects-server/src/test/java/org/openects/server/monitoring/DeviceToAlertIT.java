package org.openects.server.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openects.domain.DeviceId;
import org.openects.domain.DoorState;
import org.openects.domain.LockState;
import org.openects.domain.Report;
import org.openects.domain.SealState;
import org.openects.server.support.Api;
import org.openects.server.support.DevicePublisher;
import org.openects.server.support.Eventually;
import org.openects.server.support.Fixtures;
import org.openects.server.support.IntegrationTest;
import org.openects.server.support.TestAccounts;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * End to end on real servers: a device publishes signed reports over Mosquitto, the platform on PostgreSQL verifies
 * them, runs the rules, and the alerts show through the API; bad messages are archived with their reason and the
 * platform goes on.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class DeviceToAlertIT extends IntegrationTest {

    @LocalServerPort
    int port;

    Api admin;
    long traderId;
    String deviceId;
    byte[] key;
    long movementId;

    @BeforeEach
    void aMovementWithARegisteredESeal() {
        admin = Api.login(port, "admin", TestAccounts.ADMIN_PASSWORD);
        traderId = admin.post("/api/v1/organisations", Map.of("name", Fixtures.uniqueId("Trader"), "type", "TRADER"))
                .json()
                .get("id")
                .asLong();
        deviceId = Fixtures.uniqueId("ESEAL");
        Api.Response registered = admin.registerDevice(Fixtures.anESeal(deviceId));
        assertThat(registered.status()).isEqualTo(201);
        key = Base64.getDecoder().decode(registered.json().get("key").asString());
        Api.Response movement =
                admin.post("/api/v1/movements", Fixtures.aMovement(Fixtures.uniqueId("MRN"), traderId, deviceId));
        assertThat(movement.status()).as(movement.body()).isEqualTo(201);
        movementId = movement.json().get("id").asLong();
    }

    @Test
    void aTruckLeavingItsCorridorRaisesAnAlertVisibleThroughTheApi() {
        try (DevicePublisher device = new DevicePublisher()) {
            device.publish(
                    report(1).position(-4.05, 39.66).seal(SealState.CLOSED).build(), key);
            device.publish(
                    report(2)
                            .position(-3.20, 39.40)
                            .seal(SealState.CLOSED)
                            .lock(LockState.LOCKED)
                            .door(DoorState.CLOSED)
                            .build(),
                    key);
        }

        JsonNode alert = awaitAlert("CORRIDOR_LEFT");

        assertThat(alert.get("severity").asString()).isEqualTo("HIGH");
        assertThat(alert.get("state").asString()).isEqualTo("OPEN");
        assertThat(alert.get("deviceId").asString()).isEqualTo(deviceId);
        JsonNode track = admin.get("/api/v1/movements/" + movementId + "/track").json();
        assertThat(track).hasSize(2);
        assertThat(track.get(0).get("lock").asString()).isEqualTo("UNKNOWN");
        assertThat(track.get(1).get("lock").asString()).isEqualTo("LOCKED");
        assertThat(track.get(1).get("door").asString()).isEqualTo("CLOSED");
    }

    @Test
    void aTruckReachingItsDestinationMovesTheMovementToArrivedByItself() {
        try (DevicePublisher device = new DevicePublisher()) {
            device.publish(
                    report(1).position(-4.05, 39.66).seal(SealState.CLOSED).build(), key);
            device.publish(
                    report(2).position(-3.40, 38.56).seal(SealState.CLOSED).build(), key);
        }

        JsonNode arrived = Eventually.await(Duration.ofSeconds(20), "the movement to arrive", () -> {
            JsonNode movement = admin.get("/api/v1/movements/" + movementId).json();
            return movement.get("state").asString().equals("ARRIVED") ? movement : null;
        });

        assertThat(arrived.get("supervised").asBoolean()).isTrue();
        JsonNode last = admin.get("/api/v1/movements/" + movementId + "/transitions")
                .json()
                .get(1);
        assertThat(last.get("from").asString()).isEqualTo("IN_TRANSIT");
        assertThat(last.get("actor").asString()).isEqualTo("system:monitoring");
        assertThat(last.get("place").asString()).contains("Voi");
    }

    @Test
    void anAlertReachesALiveSubscriberOverServerSentEvents() {
        java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        var stream = admin.stream("/api/v1/live", lines::add);
        try (DevicePublisher device = new DevicePublisher()) {
            Eventually.await(Duration.ofSeconds(10), "the live stream to open", () -> lines.isEmpty() ? null : true);
            device.publish(
                    report(1).position(-4.05, 39.66).seal(SealState.CLOSED).build(), key);
            device.publish(
                    report(2).position(-3.90, 39.50).seal(SealState.TAMPERED).build(), key);

            String alert = Eventually.await(Duration.ofSeconds(20), "a live SEAL_TAMPERED alert", () -> {
                String previous = "";
                for (String line : lines) {
                    if (previous.equals("event:alert")
                            && line.contains("\"movementId\":" + movementId)
                            && line.contains("SEAL_TAMPERED")) {
                        return line;
                    }
                    previous = line;
                }
                return null;
            });
            assertThat(alert).startsWith("data:").contains("\"severity\":\"CRITICAL\"");
            assertThat(lines).anySatisfy(line -> assertThat(line).isEqualTo("event:position"));
        } finally {
            stream.cancel(true);
        }
    }

    @Test
    void badMessagesAreArchivedWithTheirReasonAndThePlatformGoesOn() {
        byte[] wrongKey = new byte[32];
        try (DevicePublisher device = new DevicePublisher()) {
            device.publish(
                    report(1).position(-4.05, 39.66).seal(SealState.CLOSED).build(), key);
            device.publish(deviceId, "{not json".getBytes());
            device.publish(report(2).position(-4.0, 39.6).build(), wrongKey);
            device.publish(report(1).position(-4.05, 39.66).build(), key);
            device.publish(
                    deviceId,
                    DevicePublisher.signedRaw(
                            deviceId,
                            "{\"dev\":\"" + deviceId + "\",\"ctr\":3,\"t\":\"" + Instant.now()
                                    + "\",\"lat\":95.0,\"lon\":39.6}",
                            key));
            String stranger = Fixtures.uniqueId("UNREGISTERED");
            device.publish(
                    Report.builder(DeviceId.of(stranger), Instant.now())
                            .counter(1)
                            .position(-4.0, 39.6)
                            .build(),
                    new byte[32]);
            // After all that, an honest report still goes through: the seal is opened en route.
            device.publish(report(4).position(-3.80, 39.30).seal(SealState.OPEN).build(), key);

            JsonNode alert = awaitAlert("SEAL_OPENED");
            assertThat(alert.get("severity").asString()).isEqualTo("CRITICAL");

            Map<String, Long> reasons = Eventually.await(Duration.ofSeconds(20), "five rejection reasons", () -> {
                Map<String, Long> counts = new HashMap<>();
                for (JsonNode row : admin.get("/api/v1/ingress/rejections").json()) {
                    String claimed = row.path("claimedDeviceId").asString("");
                    if (claimed.equals(deviceId)
                            || claimed.equals(stranger)
                            || row.get("source").asString().contains(deviceId)) {
                        counts.merge(row.get("reason").asString(), 1L, Long::sum);
                    }
                }
                return counts.size() >= 5 ? counts : null;
            });
            assertThat(reasons)
                    .containsKeys(
                            "MALFORMED",
                            "BAD_SIGNATURE",
                            "REPLAYED_COUNTER",
                            "IMPOSSIBLE_COORDINATES",
                            "UNKNOWN_DEVICE");
            JsonNode unknown = admin.get("/api/v1/ingress/unknown-devices").json();
            assertThat(unknown.findValuesAsString("deviceId")).contains(stranger);
        }
    }

    private Report.Builder report(long counter) {
        return Report.builder(DeviceId.of(deviceId), Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .counter(counter);
    }

    private JsonNode awaitAlert(String type) {
        return Eventually.await(Duration.ofSeconds(20), type + " alert on movement " + movementId, () -> {
            for (JsonNode alert : admin.get("/api/v1/alerts").json()) {
                if (alert.get("movementId").asLong() == movementId
                        && alert.get("type").asString().equals(type)) {
                    return alert;
                }
            }
            return null;
        });
    }
}
