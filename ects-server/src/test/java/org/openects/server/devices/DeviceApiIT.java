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

/** The device registry's API: the key shown once, and every bad registration refused naming its field. */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class DeviceApiIT extends IntegrationTest {

    @LocalServerPort
    int port;

    Api admin;

    @BeforeEach
    void logIn() {
        admin = Api.login(port, "admin", TestAccounts.ADMIN_PASSWORD);
    }

    @Test
    void theKeyIsInTheRegistrationAnswerAndNowhereAfterwards() {
        String deviceId = Fixtures.uniqueId("SEAL");

        Api.Response registered = admin.post("/api/v1/devices", Fixtures.anESeal(deviceId));

        assertThat(registered.status()).isEqualTo(201);
        String key = registered.json().get("key").asString();
        assertThat(java.util.Base64.getDecoder().decode(key)).hasSize(32);
        Api.Response read = admin.get("/api/v1/devices/" + deviceId);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).doesNotContain(key).doesNotContain("\"key\"");
        assertThat(admin.get("/api/v1/devices").body()).doesNotContain(key);
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
