package org.openects.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openects.server.security.TestHttp;
import org.openects.server.support.IntegrationTest;
import org.openects.server.support.TestAccounts;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The administration API: organisations and users, their validation and problem details. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AdminApiIT extends IntegrationTest {

    @LocalServerPort
    int port;

    private TestHttp http;
    private String admin;

    @BeforeEach
    void logInAsAdministrator() {
        http = TestHttp.stateless(port);
        admin = http.login("admin", TestAccounts.ADMIN_PASSWORD);
    }

    @Test
    void anAdministratorCreatesAnOrganisationOnceAndSeesItListed() {
        TestHttp.Response created = http.post(
                "/api/v1/organisations", "{\"name\": \"Admin Test Seals\", \"type\": \"SEAL_PROVIDER\"}", admin);
        TestHttp.Response again =
                http.post("/api/v1/organisations", "{\"name\": \"Admin Test Seals\", \"type\": \"TRADER\"}", admin);

        assertThat(created.status()).isEqualTo(201);
        long id = created.json().path("id").asLong();
        assertThat(created.header("location")).contains("/api/v1/organisations/" + id);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("type").asString()).isEqualTo("https://openects.org/problems/conflict");
        assertThat(http.get("/api/v1/organisations", admin).body()).contains("\"Admin Test Seals\"");
        assertThat(http.get("/api/v1/organisations/" + id, admin)
                        .json()
                        .path("type")
                        .asString())
                .isEqualTo("SEAL_PROVIDER");
    }

    @Test
    void anOrganisationWithoutNameOrWithAnUnknownTypeIsRejectedNamingTheField() {
        TestHttp.Response noName = http.post("/api/v1/organisations", "{\"type\": \"TRADER\"}", admin);
        TestHttp.Response badType =
                http.post("/api/v1/organisations", "{\"name\": \"Admin Test X\", \"type\": \"PIRATE\"}", admin);

        assertThat(noName.status()).isEqualTo(400);
        assertThat(noName.json().path("errors").get(0).path("field").asString()).isEqualTo("name");
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.json().path("type").asString()).isEqualTo("https://openects.org/problems/validation");
        assertThat(badType.json().path("errors").get(0).path("field").asString())
                .isEqualTo("type");
        assertThat(badType.json().path("errors").get(0).path("message").asString())
                .contains("CUSTOMS", "TRADER");
    }

    @Test
    void aMissingOrganisationGets404ProblemDetails() {
        TestHttp.Response response = http.get("/api/v1/organisations/999999999", admin);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().path("type").asString()).isEqualTo("https://openects.org/problems/not-found");
    }

    @Test
    void anAdministratorCreatesAUserWhoCanLogInAndTheListShowsNoPasswordHash() {
        long organisation = organisationId("Admin Test Traders", "TRADER");

        TestHttp.Response created = http.post(
                "/api/v1/users",
                "{\"username\": \"admin-test-trader\", \"password\": \"a-good-long-password\", \"organisationId\": "
                        + organisation + ", \"roles\": [\"TRADER\"]}",
                admin);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("createdBy").asString()).isEqualTo("admin");
        assertThat(created.json().path("organisationName").asString()).isEqualTo("Admin Test Traders");
        String token = http.login("admin-test-trader", "a-good-long-password");
        JsonNode me = http.get("/api/v1/auth/me", token).json();
        assertThat(me.path("organisationId").asLong()).isEqualTo(organisation);
        assertThat(me.path("roles").toString()).isEqualTo("[\"TRADER\"]");
        String users = http.get("/api/v1/users", admin).body();
        assertThat(users).contains("\"admin-test-trader\"").doesNotContain("password", "$2a$", "{bcrypt}");
    }

    @Test
    void aShortPasswordOrOneEqualToTheUsernameIsRejectedNamingThePasswordField() {
        long organisation = organisationId("Admin Test Customs", "CUSTOMS");

        TestHttp.Response tooShort = http.post("/api/v1/users", user("admin-test-a", "short-pw", organisation), admin);
        TestHttp.Response sameAsName =
                http.post("/api/v1/users", user("admin-test-long-name", "Admin-Test-Long-Name", organisation), admin);

        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.json().path("errors").get(0).path("field").asString())
                .isEqualTo("password");
        assertThat(tooShort.json().path("errors").get(0).path("message").asString())
                .contains("12");
        assertThat(sameAsName.status()).isEqualTo(400);
        assertThat(sameAsName.json().path("errors").get(0).path("field").asString())
                .isEqualTo("password");
        assertThat(sameAsName.json().path("errors").get(0).path("message").asString())
                .contains("username");
    }

    @Test
    void aUserNeedsAnExistingOrganisationOfTheKindItsRolesBelongTo() {
        long trader = organisationId("Admin Test Traders", "TRADER");

        TestHttp.Response unknownOrganisation =
                http.post("/api/v1/users", user("admin-test-b", "a-good-long-password", 999_999_999L), admin);
        TestHttp.Response operatorAtTrader =
                http.post("/api/v1/users", user("admin-test-c", "a-good-long-password", trader), admin);
        TestHttp.Response unknownRole = http.post(
                "/api/v1/users",
                "{\"username\": \"admin-test-d\", \"password\": \"a-good-long-password\", \"organisationId\": " + trader
                        + ", \"roles\": [\"KING\"]}",
                admin);

        assertThat(unknownOrganisation.status()).isEqualTo(400);
        assertThat(unknownOrganisation
                        .json()
                        .path("errors")
                        .get(0)
                        .path("field")
                        .asString())
                .isEqualTo("organisationId");
        assertThat(operatorAtTrader.status()).isEqualTo(400);
        assertThat(operatorAtTrader.json().path("errors").get(0).path("field").asString())
                .isEqualTo("roles");
        assertThat(unknownRole.status()).isEqualTo(400);
        assertThat(unknownRole.json().path("errors").get(0).path("field").asString())
                .isEqualTo("roles[0]");
    }

    @Test
    void aTakenUsernameGets409() {
        long organisation = organisationId("Admin Test Customs", "CUSTOMS");
        http.post("/api/v1/users", user("admin-test-twice", "a-good-long-password", organisation), admin);

        TestHttp.Response again =
                http.post("/api/v1/users", user("admin-test-twice", "another-long-password", organisation), admin);

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("type").asString()).isEqualTo("https://openects.org/problems/conflict");
    }

    private long organisationId(String name, String type) {
        TestHttp.Response created =
                http.post("/api/v1/organisations", "{\"name\": \"" + name + "\", \"type\": \"" + type + "\"}", admin);
        if (created.status() == 201) {
            return created.json().path("id").asLong();
        }
        for (JsonNode organisation : http.get("/api/v1/organisations", admin).json()) {
            if (organisation.path("name").asString().equals(name)) {
                return organisation.path("id").asLong();
            }
        }
        throw new AssertionError("No organisation " + name + ": " + created);
    }

    private static String user(String username, String password, long organisationId) {
        return "{\"username\": \"" + username + "\", \"password\": \"" + password + "\", \"organisationId\": "
                + organisationId + ", \"roles\": [\"OPERATOR\"]}";
    }
}
