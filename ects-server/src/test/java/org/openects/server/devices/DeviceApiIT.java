package org.openects.server.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.util.HashMap;
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

/**
 * The device registry's API: keys delivered only to the device's seal provider, once per key (the provisioning claim),
 * and every bad registration refused naming its field.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class DeviceApiIT extends IntegrationTest {

    @LocalServerPort
    int port;

    Api admin;

    @org.springframework.beans.factory.annotation.Autowired
    org.openects.server.audit.AuditLog audit;

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    @BeforeEach
    void logIn() {
        admin = Api.login(port, "admin", TestAccounts.ADMIN_PASSWORD);
    }

    @Test
    void anAdministratorNeverSeesAKeyTheOwningSealProviderTakesItOnceAndAgainAfterEachRotation() {
        long providerOrganisation = admin.newOrganisation("SEAL_PROVIDER");
        Api provider = account(providerOrganisation, "SEAL_PROVIDER");
        Api otherProvider = account(admin.newOrganisation("SEAL_PROVIDER"), "SEAL_PROVIDER");
        String deviceId = Fixtures.uniqueId("SEAL");
        Map<String, Object> body = new HashMap<>(Fixtures.anESeal(deviceId));
        body.put("ownerOrganisationId", providerOrganisation);

        Api.Response registered = admin.post("/api/v1/devices", body);

        assertThat(registered.status()).isEqualTo(201);
        assertThat(registered.json().path("key").isMissingNode())
                .as(registered.body())
                .isTrue();
        assertThat(registered.json().get("device").get("keyAwaitingProvider").asBoolean())
                .isTrue();
        String provisioning = "/api/v1/devices/" + deviceId + "/provisioning";
        assertThat(admin.post(provisioning, null).status()).isEqualTo(403);
        assertThat(otherProvider.post(provisioning, null).status()).isEqualTo(404);

        Api.Response claimed = provider.post(provisioning, null);

        assertThat(claimed.status()).as(claimed.body()).isEqualTo(200);
        String key = claimed.json().get("key").asString();
        assertThat(java.util.Base64.getDecoder().decode(key)).hasSize(32);
        assertThat(claimed.json().get("device").get("keyAwaitingProvider").asBoolean())
                .isFalse();
        Api.Response again = provider.post(provisioning, null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).doesNotContain(key);
        assertThat(admin.get("/api/v1/devices/" + deviceId).body())
                .doesNotContain(key)
                .doesNotContain("\"key\"");
        assertThat(admin.get("/api/v1/devices").body()).doesNotContain(key);

        Api.Response rotated = admin.post("/api/v1/devices/" + deviceId + "/key", null);

        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.json().path("key").isMissingNode())
                .as(rotated.body())
                .isTrue();
        Api.Response newKey = provider.post(provisioning, null);
        assertThat(newKey.status()).as(newKey.body()).isEqualTo(200);
        assertThat(newKey.json().get("key").asString()).isNotEqualTo(key);
        assertThat(newKey.json().get("device").get("keyVersion").asInt()).isEqualTo(2);
        assertThat(provider.post(provisioning, null).status()).isEqualTo(409);

        audit.awaitRecorded(java.time.Duration.ofSeconds(10));
        assertThat(jdbc.queryForList(
                        "SELECT actor FROM audit_entries WHERE action = 'device.key-provisioned' AND subject_id = ?"
                                + " ORDER BY sequence",
                        String.class,
                        deviceId))
                .hasSize(2)
                .allMatch(actor -> actor.contains("test-provider-"));
    }

    @Test
    void aSealProviderRegisteringItsOwnDeviceTakesTheKeyInTheAnswerOnce() {
        Api provider = account(admin.newOrganisation("SEAL_PROVIDER"), "SEAL_PROVIDER");
        String deviceId = Fixtures.uniqueId("SEAL");

        Api.Response registered = provider.post("/api/v1/devices", Fixtures.anESeal(deviceId));

        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        assertThat(java.util.Base64.getDecoder()
                        .decode(registered.json().get("key").asString()))
                .hasSize(32);
        assertThat(provider.post("/api/v1/devices/" + deviceId + "/provisioning", null)
                        .status())
                .isEqualTo(409);
    }

    /** A new account with the one role, in that organisation, logged in. */
    private Api account(long organisation, String role) {
        String username = Fixtures.uniqueId("test-provider").toLowerCase(java.util.Locale.ROOT);
        Api.Response created = admin.post(
                "/api/v1/users",
                Map.of(
                        "username",
                        username,
                        "password",
                        username + "-password",
                        "organisationId",
                        organisation,
                        "roles",
                        java.util.List.of(role)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return Api.login(port, username, username + "-password");
    }

    @Test
    void aFirmwareVersionLongerThanItsColumnIsAFieldErrorNotAServerError() {
        Map<String, Object> body = new HashMap<>(Fixtures.anESeal(Fixtures.uniqueId("SEAL")));
        body.put("firmware", "v".repeat(65));

        Api.Response response = admin.post("/api/v1/devices", body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("errors").findValuesAsString("field")).containsExactly("firmware");
    }

    @Test
    void aCsvLineWithATooLongFirmwareIsNamedAndNothingIsRegistered() {
        String good = Fixtures.uniqueId("CSV");
        String csv = "deviceId,kind,sealClass,protocol,firmware\n" + good + ",E_SEAL,H,,1.0\n"
                + Fixtures.uniqueId("CSV") + ",E_SEAL,H,," + "9".repeat(65) + "\n";

        Api.Response response = admin.send("POST", "/api/v1/devices/import", csv, "text/csv");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").findValuesAsString("field")).containsExactly("line 3");
        assertThat(admin.get("/api/v1/devices/" + good).status()).isEqualTo(404);
    }

    @Test
    void theOwnerMustBeAnExistingSealProvider() {
        long trader = admin.newOrganisation("TRADER");
        long provider = admin.newOrganisation("SEAL_PROVIDER");

        JsonNode unknown = register(987_654_321L);
        JsonNode notAProvider = register(trader);

        assertThat(unknown.get("status").asInt()).isEqualTo(400);
        assertThat(unknown.get("errors").findValuesAsString("field")).containsExactly("ownerOrganisationId");
        assertThat(notAProvider.get("status").asInt()).isEqualTo(400);
        assertThat(notAProvider.get("errors").findValuesAsString("field")).containsExactly("ownerOrganisationId");
        assertThat(register(provider).get("device").get("ownerOrganisationId").asLong())
                .isEqualTo(provider);
    }

    private JsonNode register(long owner) {
        Map<String, Object> body = new HashMap<>(Fixtures.anESeal(Fixtures.uniqueId("SEAL")));
        body.put("ownerOrganisationId", owner);
        return admin.post("/api/v1/devices", body).json();
    }
}
