package org.openects.server.movements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openects.server.support.Api;
import org.openects.server.support.Fixtures;
import org.openects.server.support.IntegrationTest;
import org.openects.server.support.TestAccounts;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The movements API on PostgreSQL: creation, validation as problem details, and per-organisation visibility. */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class MovementApiIT extends IntegrationTest {

    @LocalServerPort
    int port;

    Api admin;

    @BeforeEach
    void logIn() {
        admin = Api.login(port, "admin", TestAccounts.ADMIN_PASSWORD);
    }

    @Test
    void aTraderSeesItsOwnMovementsAndNoOneElses() {
        long acme = admin.newOrganisation("TRADER");
        long other = admin.newOrganisation("TRADER");
        String mine = startMovement(acme);
        String theirs = startMovement(other);
        Api trader = userIn(acme, "TRADER");

        JsonNode list = trader.get("/api/v1/movements").json();

        assertThat(list.findValuesAsString("reference")).contains(mine).doesNotContain(theirs);
        long theirId = idOf(theirs);
        assertThat(trader.get("/api/v1/movements/" + theirId).status()).isEqualTo(404);
        assertThat(trader.get("/api/v1/movements/" + theirId + "/track").status())
                .isEqualTo(404);
        assertThat(admin.get("/api/v1/movements").json().findValuesAsString("reference"))
                .contains(mine, theirs);
    }

    @Test
    void anInvalidMovementIsRefusedWithProblemDetailsNamingTheField() {
        long trader = admin.newOrganisation("TRADER");
        String device = registeredDevice();
        Map<String, Object> body = new HashMap<>(Fixtures.aMovement(Fixtures.uniqueId("MRN"), trader, device));
        Map<String, Object> plan = new HashMap<>(castMap(body.get("routePlan")));
        plan.put("corridor", Map.of("path", List.of(List.of(-4.05, 39.66)), "widthMeters", 2000));
        body.put("routePlan", plan);

        Api.Response response = admin.post("/api/v1/movements", body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("errors").findValuesAsString("field")).contains("routePlan.corridor.path");
    }

    @Test
    void aRoutePlansGeofencesAndEstimatesComeBackAndABadZoneIsNamed() {
        long trader = admin.newOrganisation("TRADER");
        Map<String, Object> body =
                new HashMap<>(Fixtures.aMovement(Fixtures.uniqueId("MRN"), trader, registeredDevice()));
        Map<String, Object> plan = new HashMap<>(castMap(body.get("routePlan")));
        plan.put(
                "borderPosts",
                List.of(Map.of("name", "Mariakani", "latitude", -3.80, "longitude", 39.30, "radiusMeters", 500)));
        plan.put(
                "authorisedStops",
                List.of(Map.of(
                        "name",
                        "Weighbridge",
                        "latitude",
                        -3.55,
                        "longitude",
                        38.95,
                        "radiusMeters",
                        300,
                        "maxStayMinutes",
                        30)));
        plan.put("restrictedZones", List.of(Map.of("name", "Park", "latitude", -3.6)));
        body.put("routePlan", plan);

        Api.Response bad = admin.post("/api/v1/movements", body);

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").findValuesAsString("field"))
                .containsExactly("routePlan.restrictedZones[0]");

        plan.put(
                "restrictedZones",
                List.of(Map.of(
                        "name",
                        "Park",
                        "polygon",
                        List.of(List.of(-3.0, 38.0), List.of(-3.0, 38.1), List.of(-3.1, 38.1)))));
        plan.put("speedProfile", List.of(Map.of("untilKm", 1000, "kmh", 60)));
        Api.Response created = admin.post("/api/v1/movements", body);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode movement = created.json();
        assertThat(movement.get("state").asString()).isEqualTo("IN_TRANSIT");
        assertThat(movement.get("routePlan").get("borderPosts").findValuesAsString("name"))
                .containsExactly("Mariakani");
        assertThat(movement.get("routePlan")
                        .get("authorisedStops")
                        .get(0)
                        .get("maxStayMinutes")
                        .asInt())
                .isEqualTo(30);
        // about 142 km along the fixture's centreline, at 60 km/h and under 270 minutes, so without a rest
        assertThat(movement.get("estimatedDistanceMeters").asDouble()).isBetween(135_000.0, 150_000.0);
        assertThat(movement.get("estimatedTransitSeconds").asLong())
                .isCloseTo(
                        Math.round(movement.get("estimatedDistanceMeters").asDouble() / 1000 / 60 * 3600),
                        org.assertj.core.data.Offset.offset(1L));
        assertThat(movement.get("devices").get(0).get("role").asString()).isEqualTo("SEAL");
    }

    @Test
    void impossibleCoordinatesInTheCorridorAreNamedByIndex() {
        long trader = admin.newOrganisation("TRADER");
        String device = registeredDevice();
        Map<String, Object> body = new HashMap<>(Fixtures.aMovement(Fixtures.uniqueId("MRN"), trader, device));
        Map<String, Object> plan = new HashMap<>(castMap(body.get("routePlan")));
        plan.put("corridor", Map.of("path", List.of(List.of(-4.05, 39.66), List.of(91.0, 39.0)), "widthMeters", 2000));
        body.put("routePlan", plan);

        Api.Response response = admin.post("/api/v1/movements", body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").findValuesAsString("field")).contains("routePlan.corridor.path[1]");
    }

    @Test
    void aCorridorTheMonitoringCannotTakeIsRefusedAndNothingIsStored() {
        long trader = admin.newOrganisation("TRADER");
        String device = registeredDevice();
        Map<String, List<List<Double>>> unusable = Map.of(
                "the same point twice", List.of(List.of(-4.05, 39.66), List.of(-4.05, 39.66)),
                "across the antimeridian", List.of(List.of(-17.0, 179.5), List.of(-17.2, -179.5)),
                "beyond 85 degrees of latitude", List.of(List.of(86.0, 10.0), List.of(86.5, 11.0)));
        for (Map.Entry<String, List<List<Double>>> corridor : unusable.entrySet()) {
            String reference = Fixtures.uniqueId("MRN");
            Map<String, Object> body = new HashMap<>(Fixtures.aMovement(reference, trader, device));
            Map<String, Object> plan = new HashMap<>(castMap(body.get("routePlan")));
            plan.put("corridor", Map.of("path", corridor.getValue(), "widthMeters", 2000));
            body.put("routePlan", plan);

            Api.Response response = admin.post("/api/v1/movements", body);

            assertThat(response.status()).as(corridor.getKey()).isEqualTo(400);
            assertThat(response.json().get("errors").findValuesAsString("field"))
                    .as(corridor.getKey())
                    .containsExactly("routePlan.corridor.path");
            assertThat(admin.get("/api/v1/movements").json().findValuesAsString("reference"))
                    .as(corridor.getKey())
                    .doesNotContain(reference);
        }
        // the device was never taken: a valid movement still starts on it
        assertThat(admin.post("/api/v1/movements", Fixtures.aMovement(Fixtures.uniqueId("MRN"), trader, device))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void theTraderAndTransporterMustBeExistingOrganisationsOfTheirKind() {
        long trader = admin.newOrganisation("TRADER");
        long transporter = admin.newOrganisation("TRANSPORTER");
        String device = registeredDevice();

        Api.Response unknownTrader =
                admin.post("/api/v1/movements", Fixtures.aMovement(Fixtures.uniqueId("MRN"), 987_654_321L, device));
        Api.Response transporterAsTrader =
                admin.post("/api/v1/movements", Fixtures.aMovement(Fixtures.uniqueId("MRN"), transporter, device));
        Map<String, Object> traderAsTransporter =
                new HashMap<>(Fixtures.aMovement(Fixtures.uniqueId("MRN"), trader, device));
        traderAsTransporter.put("transporterOrganisationId", trader);
        Api.Response wrongTransporter = admin.post("/api/v1/movements", traderAsTransporter);

        assertThat(unknownTrader.status()).isEqualTo(400);
        assertThat(unknownTrader.json().get("errors").findValuesAsString("field"))
                .containsExactly("traderOrganisationId");
        assertThat(transporterAsTrader.status()).isEqualTo(400);
        assertThat(transporterAsTrader.json().get("errors").findValuesAsString("field"))
                .containsExactly("traderOrganisationId");
        assertThat(wrongTransporter.status()).isEqualTo(400);
        assertThat(wrongTransporter.json().get("errors").findValuesAsString("field"))
                .containsExactly("transporterOrganisationId");
        Map<String, Object> right = new HashMap<>(Fixtures.aMovement(Fixtures.uniqueId("MRN"), trader, device));
        right.put("transporterOrganisationId", transporter);
        assertThat(admin.post("/api/v1/movements", right).status()).isEqualTo(201);
    }

    @Test
    void malformedJsonIsABadRequestWithProblemDetails() {
        Api.Response response = admin.post("/api/v1/movements", "{\"reference\": ");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aDeviceCannotBeOnTwoActiveMovements() {
        long trader = admin.newOrganisation("TRADER");
        String device = registeredDevice();
        assertThat(admin.post("/api/v1/movements", Fixtures.aMovement(Fixtures.uniqueId("MRN"), trader, device))
                        .status())
                .isEqualTo(201);

        Api.Response second =
                admin.post("/api/v1/movements", Fixtures.aMovement(Fixtures.uniqueId("MRN"), trader, device));

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json().get("detail").asString()).contains(device);
    }

    @Test
    void anUnregisteredDeviceIsNamedInTheError() {
        long trader = admin.newOrganisation("TRADER");

        Api.Response response =
                admin.post("/api/v1/movements", Fixtures.aMovement(Fixtures.uniqueId("MRN"), trader, "NO-SUCH-SEAL"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").findValuesAsString("field")).contains("deviceId");
    }

    private Api userIn(long organisation, String role) {
        String username = Fixtures.uniqueId("user").toLowerCase();
        String password = "a-long-test-password-1";
        Api.Response created = admin.post(
                "/api/v1/users",
                Map.of(
                        "username",
                        username,
                        "password",
                        password,
                        "organisationId",
                        organisation,
                        "roles",
                        List.of(role)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return Api.login(port, username, password);
    }

    private String registeredDevice() {
        String device = Fixtures.uniqueId("ESEAL");
        assertThat(admin.post("/api/v1/devices", Fixtures.anESeal(device)).status())
                .isEqualTo(201);
        return device;
    }

    private String startMovement(long trader) {
        String reference = Fixtures.uniqueId("MRN");
        Api.Response response =
                admin.post("/api/v1/movements", Fixtures.aMovement(reference, trader, registeredDevice()));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return reference;
    }

    private long idOf(String reference) {
        for (JsonNode movement : admin.get("/api/v1/movements").json()) {
            if (movement.get("reference").asString().equals(reference)) {
                return movement.get("id").asLong();
            }
        }
        throw new AssertionError("no movement " + reference);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }
}
