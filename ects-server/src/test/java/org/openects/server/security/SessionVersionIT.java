package org.openects.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openects.server.identity.Accounts;
import org.openects.server.identity.OrganisationType;
import org.openects.server.identity.Organisations;
import org.openects.server.identity.Role;
import org.openects.server.support.IntegrationTest;
import org.openects.server.support.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Sessions and bearer tokens carry the account's security version; a role change, a disable or an administrator ending
 * the account's sessions changes it, and every existing session and token is refused at its next request.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SessionVersionIT extends IntegrationTest {

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    Organisations organisations;

    private TestHttp http;
    private String admin;
    private long customs;

    @BeforeEach
    void setUp() {
        http = TestHttp.stateless(port);
        admin = http.login("admin", TestAccounts.ADMIN_PASSWORD);
        customs = organisations.ensure("Session Version Customs", OrganisationType.CUSTOMS);
    }

    @Test
    void aRoleChangeEndsTheAccountsBrowserSessionAndTokensAtTheirNextRequest() {
        long id = accounts.ensureUser("version-roles", "version-roles-password", customs, Set.of(Role.OPERATOR));
        TestHttp browser = browserLoggedInAs("version-roles", "version-roles-password");
        String token = http.login("version-roles", "version-roles-password");
        assertThat(browser.get("/api/v1/auth/me").status()).isEqualTo(200);
        assertThat(browser.get("/").status()).isEqualTo(200);

        TestHttp.Response changed =
                http.send("PUT", "/api/v1/users/" + id + "/roles", "{\"roles\": [\"AUDITOR\"]}", bearer(admin));

        assertThat(changed.status()).as("%s", changed).isEqualTo(200);
        assertThat(changed.json().path("roles").toString()).isEqualTo("[\"AUDITOR\"]");
        TestHttp.Response page = browser.get("/");
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.header("location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/login"));
        assertThat(browser.get("/api/v1/auth/me").status()).isEqualTo(401);
        assertThat(http.get("/api/v1/auth/me", token).status()).isEqualTo(401);
        String fresh = http.login("version-roles", "version-roles-password");
        assertThat(http.get("/api/v1/auth/me", fresh).json().path("roles").toString())
                .isEqualTo("[\"AUDITOR\"]");
    }

    @Test
    void disablingAnAccountEndsItsBrowserSessionAtItsNextRequest() {
        long id = accounts.ensureUser("version-disabled", "version-disabled-password", customs, Set.of(Role.OFFICER));
        TestHttp browser = browserLoggedInAs("version-disabled", "version-disabled-password");
        assertThat(browser.get("/api/v1/auth/me").status()).isEqualTo(200);

        TestHttp.Response disabled = http.post("/api/v1/users/" + id + "/disable", "", admin);

        assertThat(disabled.status()).as("%s", disabled).isEqualTo(200);
        assertThat(disabled.json().path("enabled").asBoolean()).isFalse();
        TestHttp.Response me = browser.get("/api/v1/auth/me");
        assertThat(me.status()).isEqualTo(401);
        assertThat(me.json().path("type").asString()).isEqualTo("https://openects.org/problems/unauthenticated");
        assertThat(http.post(
                                "/api/v1/auth/login",
                                "{\"username\": \"version-disabled\", \"password\": \"version-disabled-password\"}")
                        .json()
                        .path("type")
                        .asString())
                .isEqualTo("https://openects.org/problems/account-disabled");

        assertThat(http.post("/api/v1/users/" + id + "/enable", "", admin).status())
                .isEqualTo(200);
        assertThat(browser.get("/api/v1/auth/me").status())
                .as("enabling again does not revive the ended session")
                .isEqualTo(401);
        assertThat(http.login("version-disabled", "version-disabled-password")).isNotBlank();
    }

    @Test
    void endingAnAccountsSessionsRefusesItsTokensAndSessionsUntilItLogsInAgain() {
        long id = accounts.ensureUser("version-ended", "version-ended-password", customs, Set.of(Role.AUDITOR));
        String token = http.login("version-ended", "version-ended-password");
        TestHttp browser = browserLoggedInAs("version-ended", "version-ended-password");

        TestHttp.Response ended = http.post("/api/v1/users/" + id + "/end-sessions", "", admin);

        assertThat(ended.status()).isEqualTo(204);
        assertThat(http.get("/api/v1/auth/me", token).status()).isEqualTo(401);
        assertThat(browser.get("/api/v1/auth/me").status()).isEqualTo(401);
        String fresh = http.login("version-ended", "version-ended-password");
        assertThat(http.get("/api/v1/auth/me", fresh).status()).isEqualTo(200);
    }

    @Test
    void anAdministratorCannotDisableThemselvesNorDropTheirOwnAdminRole() {
        long adminId = -1;
        for (JsonNode user : http.get("/api/v1/users", admin).json()) {
            if (user.path("username").asString().equals("admin")) {
                adminId = user.path("id").asLong();
            }
        }

        TestHttp.Response disable = http.post("/api/v1/users/" + adminId + "/disable", "", admin);
        TestHttp.Response roles =
                http.send("PUT", "/api/v1/users/" + adminId + "/roles", "{\"roles\": [\"OPERATOR\"]}", bearer(admin));

        assertThat(disable.status()).isEqualTo(409);
        assertThat(roles.status()).isEqualTo(409);
        assertThat(roles.json().path("type").asString()).isEqualTo("https://openects.org/problems/conflict");
        assertThat(http.get("/api/v1/auth/me", admin).status()).isEqualTo(200);
    }

    @Test
    void rolesThatDoNotSuitTheOrganisationAreAFieldError() {
        long id = accounts.ensureUser("version-badrole", "version-badrole-password", customs, Set.of(Role.OPERATOR));

        TestHttp.Response response =
                http.send("PUT", "/api/v1/users/" + id + "/roles", "{\"roles\": [\"TRADER\"]}", bearer(admin));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("errors").get(0).path("field").asString())
                .isEqualTo("roles");
    }

    private TestHttp browserLoggedInAs(String username, String password) {
        TestHttp browser = TestHttp.withSession(port);
        Matcher matcher = CSRF_FIELD.matcher(browser.get("/login").body());
        assertThat(matcher.find()).isTrue();
        TestHttp.Response login = browser.postForm(
                "/login", Map.of("username", username, "password", password, "_csrf", matcher.group(1)));
        assertThat(login.header("location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/"));
        return browser;
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }
}
