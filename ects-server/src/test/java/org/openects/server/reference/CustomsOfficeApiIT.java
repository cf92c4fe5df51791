package org.openects.server.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openects.server.audit.AuditLog;
import org.openects.server.support.Api;
import org.openects.server.support.Fixtures;
import org.openects.server.support.IntegrationTest;
import org.openects.server.support.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The customs offices' API: the reference file's offices are listed for anyone logged in, an administrator creates and
 * replaces offices (audited), every rule of a put is refused naming its field and changes nothing, and other roles may
 * not put.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class CustomsOfficeApiIT extends IntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    AuditLog audit;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CustomsOffices offices;

    Api admin;

    @BeforeEach
    void logIn() {
        admin = Api.login(port, "admin", TestAccounts.ADMIN_PASSWORD);
    }

    @Test
    void theReferenceFilesOfficesAreListedForAnyoneLoggedIn() {
        Api trader = account(admin.newOrganisation("TRADER"), "TRADER");

        Api.Response list = trader.get("/api/v1/customs-offices");

        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertThat(list.json().findValuesAsString("code"))
                .contains(
                        "KEMSA100",
                        "KENBI100",
                        "KEMAL100",
                        "UGMAL100",
                        "KEBUS100",
                        "UGBUS100",
                        "UGKLA100",
                        "UGKTN100",
                        "RWGTN100",
                        "RWKGL100");
        JsonNode mombasa = trader.get("/api/v1/customs-offices/KEMSA100").json();
        assertThat(mombasa.get("name").asString()).isEqualTo("Mombasa Port (Kilindini)");
        assertThat(mombasa.get("country").asString()).isEqualTo("KE");
        assertThat(mombasa.get("latitude").asDouble()).isBetween(-4.2, -3.9);
        assertThat(mombasa.get("longitude").asDouble()).isBetween(39.5, 39.8);
        assertThat(mombasa.get("radiusMeters").asInt()).isEqualTo(3000);
        assertThat(mombasa.get("roles").valueStream().map(JsonNode::asString).toList())
                .containsExactlyInAnyOrder("DEPARTURE", "DESTINATION");
        assertThat(mombasa.get("source").asString()).isEqualTo("FILE");
        assertThat(offices.find("KEMSA100")).isPresent();
        assertThat(trader.get("/api/v1/customs-offices/KEZZZ999").status()).isEqualTo(404);
        assertThat(Api.anonymous(port).get("/api/v1/customs-offices").status()).isEqualTo(401);
    }

    @Test
    void anAdministratorCreatesThenReplacesAnOfficeAndEachChangeIsAudited() {
        String code = newCode("TZ");
        Map<String, Object> body = office("Namanga (Tanzania side)", "TZ", -2.55, 36.79, 800);

        Api.Response created = admin.send("PUT", "/api/v1/customs-offices/" + code, body);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("code").asString()).isEqualTo(code);
        assertThat(created.json().get("source").asString()).isEqualTo("ADMIN");
        assertThat(created.json().get("updatedBy").asString()).isEqualTo("admin");
        assertThat(offices.find(code)).map(CustomsOffice::name).contains("Namanga (Tanzania side)");

        body.put("name", "Namanga One Stop Border Post");
        body.put("radiusMeters", 1500);
        Api.Response replaced = admin.send("PUT", "/api/v1/customs-offices/" + code, body);

        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        JsonNode read = admin.get("/api/v1/customs-offices/" + code).json();
        assertThat(read.get("name").asString()).isEqualTo("Namanga One Stop Border Post");
        assertThat(read.get("radiusMeters").asInt()).isEqualTo(1500);
        assertThat(read.get("roles").valueStream().map(JsonNode::asString).toList())
                .containsExactly("TRANSIT", "BORDER");
        assertThat(offices.find(code)).map(CustomsOffice::radiusMeters).contains(1500);

        assertThat(audit.awaitRecorded(Duration.ofSeconds(30))).isTrue();
        assertThat(jdbc.queryForList(
                        "SELECT action FROM audit_entries WHERE subject_type = 'customs-office' AND subject_id = ?"
                                + " ORDER BY sequence",
                        String.class,
                        code))
                .containsExactly("customs-office.created", "customs-office.replaced");
        assertThat(jdbc.queryForList(
                        "SELECT actor FROM audit_entries WHERE subject_type = 'customs-office' AND subject_id = ?",
                        String.class,
                        code))
                .containsOnly("user:admin");
    }

    @Test
    void anAdministratorsEditOfAFileOfficeMakesItTheAdministrators() {
        Map<String, Object> body = office("Kigali (Magerwa)", "RW", -1.97, 30.08, 3000);

        Api.Response replaced = admin.send("PUT", "/api/v1/customs-offices/RWKGL100", body);

        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(replaced.json().get("source").asString()).isEqualTo("ADMIN");
        assertThat(offices.find("RWKGL100")).map(CustomsOffice::source).contains(OfficeSource.ADMIN);
    }

    static List<Arguments> badOffices() {
        return List.of(
                Arguments.of("code", "KE12", Map.of()),
                Arguments.of("code", "ke123456", Map.of()),
                Arguments.of("code", "UG123456", Map.of()),
                Arguments.of("name", null, Map.of("name", "  ")),
                Arguments.of("name", null, Map.of("name", "N".repeat(201))),
                Arguments.of(
                        "roles",
                        null,
                        java.util.Collections.singletonMap("roles", java.util.Arrays.asList("BORDER", null))),
                Arguments.of("country", "XQ123456", Map.of("country", "XQ")),
                Arguments.of("country", null, Map.of("country", "ke")),
                Arguments.of("latitude", null, Map.of("latitude", 90.5)),
                Arguments.of("latitude", null, Map.of("latitude", -91)),
                Arguments.of("longitude", null, Map.of("longitude", 180.01)),
                Arguments.of("longitude", null, Map.of("longitude", -200)),
                Arguments.of("radiusMeters", null, Map.of("radiusMeters", 49)),
                Arguments.of("radiusMeters", null, Map.of("radiusMeters", 50_001)));
    }

    @ParameterizedTest(name = "{0}: {1} {2}")
    @MethodSource("badOffices")
    void eachRuleIsRefusedNamingItsFieldAndNothingIsStored(
            String field, @org.jspecify.annotations.Nullable String badCode, Map<String, Object> changes) {
        String code = badCode != null ? badCode : newCode("KE");
        Map<String, Object> body = office("Lunga Lunga", "KE", -4.55, 39.12, 1000);
        body.putAll(changes);

        Api.Response refused = admin.send("PUT", "/api/v1/customs-offices/" + code, body);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("errors").findValuesAsString("field")).containsExactly(field);
        assertThat(refused.json().get("errors").findValuesAsString("message").getFirst())
                .isNotBlank();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM customs_offices WHERE code = ?", Long.class, code))
                .isZero();
        assertThat(offices.find(code)).isEmpty();
        assertThat(audit.awaitRecorded(Duration.ofSeconds(30))).isTrue();
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM audit_entries WHERE subject_type = 'customs-office' AND subject_id = ?",
                        Long.class,
                        code))
                .isZero();
    }

    @Test
    void aBadReplacementLeavesTheOfficeAsItWas() {
        Api.Response refused =
                admin.send("PUT", "/api/v1/customs-offices/KEMAL100", office("Malaba", "KE", 0.6355, 34.282, 10));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/customs-offices/KEMAL100")
                        .json()
                        .get("radiusMeters")
                        .asInt())
                .isEqualTo(1000);
    }

    @Test
    void anUnknownRoleIsRefusedAndNothingIsStored() {
        String code = newCode("KE");
        Map<String, Object> body = office("Isebania", "KE", -1.24, 34.48, 1000);
        body.put("roles", List.of("HARBOUR"));

        Api.Response refused = admin.send("PUT", "/api/v1/customs-offices/" + code, body);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(admin.get("/api/v1/customs-offices/" + code).status()).isEqualTo(404);
    }

    @Test
    void aCodeInTheBodyMustBeThePaths() {
        String code = newCode("KE");
        Map<String, Object> body = office("Namanga (Kenya side)", "KE", -2.54, 36.79, 1000);
        body.put("code", newCode("KE"));

        Api.Response refused = admin.send("PUT", "/api/v1/customs-offices/" + code, body);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").findValuesAsString("field")).containsExactly("code");
        assertThat(admin.get("/api/v1/customs-offices/" + code).status()).isEqualTo(404);
    }

    @Test
    void onlyAnAdministratorPutsAnOffice() {
        String code = newCode("KE");
        for (String role : List.of("OFFICER", "OPERATOR", "AUDITOR")) {
            Api other = account(admin.newOrganisation("CUSTOMS"), role);

            Api.Response refused =
                    other.send("PUT", "/api/v1/customs-offices/" + code, office("Taveta", "KE", -3.40, 37.68, 1000));

            assertThat(refused.status()).as(role).isEqualTo(403);
        }
        assertThat(admin.get("/api/v1/customs-offices/" + code).status()).isEqualTo(404);
    }

    private static Map<String, Object> office(
            String name, String country, double latitude, double longitude, int radiusMeters) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("country", country);
        body.put("latitude", latitude);
        body.put("longitude", longitude);
        body.put("radiusMeters", radiusMeters);
        body.put("roles", List.of("TRANSIT", "BORDER"));
        return body;
    }

    private static String newCode(String country) {
        return country
                + UUID.randomUUID().toString().replace("-", "").substring(0, 6).toUpperCase(Locale.ROOT);
    }

    private Api account(long organisation, String role) {
        String username = Fixtures.uniqueId("test-offices").toLowerCase(Locale.ROOT);
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
                        List.of(role)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return Api.login(port, username, username + "-password");
    }
}
