package org.openects.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openects.server.support.IntegrationTest;
import org.openects.server.support.TestAccounts;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The browser's way in: form login, session, CSRF on session-authenticated API calls, logout. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SessionLoginIT extends IntegrationTest {

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    @LocalServerPort
    int port;

    @Test
    void theUiRootRedirectsAnonymousUsersToTheLoginPage() {
        TestHttp.Response response = TestHttp.withSession(port).get("/");

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/login"));
    }

    @Test
    void htmxRequestsWithoutASessionAreToldToGoToTheLoginPage() {
        TestHttp.Response response =
                TestHttp.withSession(port).send("GET", "/movements", null, Map.of("HX-Request", "true"));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("hx-redirect")).contains("/login");
    }

    @Test
    void theLoginPageIsAFormWithACsrfTokenAndStrictSecurityHeaders() {
        TestHttp.Response page = TestHttp.withSession(port).get("/login");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<form", "name=\"username\"", "name=\"password\"", "name=\"_csrf\"");
        assertThat(page.header("content-security-policy"))
                .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'", "frame-ancestors 'none'"));
        assertThat(page.header("x-frame-options")).contains("DENY");
        assertThat(page.header("x-content-type-options")).contains("nosniff");
    }

    @Test
    void aFormLoginStartsANewSessionThatTheApiAccepts() {
        TestHttp browser = TestHttp.withSession(port);
        String csrf = csrfFieldOf(browser.get("/login"));

        TestHttp.Response login = browser.postForm(
                "/login", Map.of("username", "admin", "password", TestAccounts.ADMIN_PASSWORD, "_csrf", csrf));

        assertThat(login.status()).isEqualTo(302);
        assertThat(login.header("location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/"));
        assertThat(login.header("set-cookie"))
                .as("session fixation protection issues a new session id")
                .hasValueSatisfying(cookie -> assertThat(cookie).contains("JSESSIONID=", "HttpOnly"));
        TestHttp.Response me = browser.get("/api/v1/auth/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().path("username").asString()).isEqualTo("admin");
        assertThat(me.json().path("roles").toString()).contains("ADMIN");
    }

    @Test
    void aWrongPasswordInTheFormLeadsBackToTheLoginPageWithAnError() {
        TestHttp browser = TestHttp.withSession(port, "127.0.0.41");
        String csrf = csrfFieldOf(browser.get("/login"));

        TestHttp.Response login = browser.postForm(
                "/login", Map.of("username", "admin", "password", "not-the-admin-password", "_csrf", csrf));

        assertThat(login.status()).isEqualTo(302);
        assertThat(login.header("location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/login?error"));
        assertThat(browser.get("/api/v1/auth/me").status()).isEqualTo(401);
    }

    @Test
    void aFormPostWithoutCsrfTokenIsRefused() {
        TestHttp browser = TestHttp.withSession(port);
        browser.get("/login");

        TestHttp.Response login =
                browser.postForm("/login", Map.of("username", "admin", "password", TestAccounts.ADMIN_PASSWORD));

        assertThat(login.status()).isEqualTo(403);
        assertThat(browser.get("/api/v1/auth/me").status()).isEqualTo(401);
    }

    @Test
    void sessionAuthenticatedApiChangesNeedTheCsrfHeaderAndBearerOnesDoNot() {
        TestHttp browser = loggedInBrowser();
        String body = "{\"name\": \"Session Csrf Org " + System.nanoTime() + "\", \"type\": \"TRADER\"}";

        TestHttp.Response withoutToken = browser.post("/api/v1/organisations", body);
        assertThat(withoutToken.status()).isEqualTo(403);
        assertThat(withoutToken.json().path("type").asString()).isEqualTo("https://openects.org/problems/csrf");

        TestHttp.Response csrf = browser.get("/api/v1/auth/csrf");
        assertThat(csrf.json().path("headerName").asString()).isEqualTo("X-CSRF-TOKEN");
        TestHttp.Response withToken = browser.send(
                "POST",
                "/api/v1/organisations",
                body,
                Map.of("X-CSRF-TOKEN", csrf.json().path("token").asString()));
        assertThat(withToken.status()).isEqualTo(201);

        String token = TestHttp.stateless(port).login("admin", TestAccounts.ADMIN_PASSWORD);
        TestHttp.Response bearer = TestHttp.stateless(port)
                .post(
                        "/api/v1/organisations",
                        "{\"name\": \"Bearer Org " + System.nanoTime() + "\", \"type\": \"TRADER\"}",
                        token);
        assertThat(bearer.status()).isEqualTo(201);
    }

    @Test
    void logoutEndsTheSession() {
        TestHttp browser = loggedInBrowser();
        String csrf = browser.get("/api/v1/auth/csrf").json().path("token").asString();

        TestHttp.Response logout = browser.postForm("/logout", Map.of("_csrf", csrf));

        assertThat(logout.status()).isEqualTo(302);
        assertThat(logout.header("location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/login?logout"));
        assertThat(browser.get("/api/v1/auth/me").status()).isEqualTo(401);
    }

    @Test
    void apiCallsWithoutCredentialsGet401ProblemDetailsNotARedirect() {
        TestHttp.Response response = TestHttp.stateless(port).get("/api/v1/users");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.header("www-authenticate")).contains("Bearer");
        assertThat(response.json().path("type").asString()).isEqualTo("https://openects.org/problems/unauthenticated");
        assertThat(response.json().path("status").asInt()).isEqualTo(401);
        assertThat(response.json().path("instance").asString()).isEqualTo("/api/v1/users");
    }

    @Test
    void aTamperedBearerTokenGets401() {
        String token = TestHttp.stateless(port).login("admin", TestAccounts.ADMIN_PASSWORD);
        String[] parts = token.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String forgedClaims = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(claims.replace("ADMIN", "AUDITOR").getBytes(StandardCharsets.UTF_8));

        TestHttp.Response response =
                TestHttp.stateless(port).get("/api/v1/auth/me", parts[0] + "." + forgedClaims + "." + parts[2]);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("www-authenticate"))
                .hasValueSatisfying(header -> assertThat(header).contains("invalid_token"));
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    private TestHttp loggedInBrowser() {
        TestHttp browser = TestHttp.withSession(port);
        String csrf = csrfFieldOf(browser.get("/login"));
        TestHttp.Response login = browser.postForm(
                "/login", Map.of("username", "admin", "password", TestAccounts.ADMIN_PASSWORD, "_csrf", csrf));
        assertThat(login.status()).as("form login").isEqualTo(302);
        return browser;
    }

    private static String csrfFieldOf(TestHttp.Response page) {
        Matcher matcher = CSRF_FIELD.matcher(page.body());
        assertThat(matcher.find())
                .as("login page carries a CSRF field: %s", page.body())
                .isTrue();
        return matcher.group(1);
    }
}
