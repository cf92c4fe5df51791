package org.openects.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.openects.server.security.TestHttp;
import org.openects.server.support.IntegrationTest;
import org.openects.server.support.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/v1/auth/login}: tokens, bad credentials, invalid bodies, lockout, throttling. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LoginApiIT extends IntegrationTest {

    private static final String LOGIN = "/api/v1/auth/login";
    private static final AtomicInteger ADDRESSES = new AtomicInteger(10);

    @LocalServerPort
    int port;

    @Autowired
    Organisations organisations;

    @Autowired
    Accounts accounts;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aCorrectLoginReturnsASignedTokenWithTheCallersOrganisationAndRoles() {
        long organisation = organisations.ensure("Login Test Hauliers", OrganisationType.TRANSPORTER);
        accounts.ensureUser("login-driver", "login-driver-password", organisation, Set.of(Role.TRANSPORTER));

        TestHttp.Response response = client().post(LOGIN, credentials("login-driver", "login-driver-password"));

        assertThat(response.status()).isEqualTo(200);
        String token = response.json().path("token").asString();
        Instant expiresAt = Instant.parse(response.json().path("expiresAt").asString());
        JsonNode claims = TestHttp.JSON.readTree(
                new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
        JsonNode header = TestHttp.JSON.readTree(
                new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8));
        assertThat(header.path("alg").asString()).isEqualTo("HS256");
        assertThat(claims.path("sub").asString()).isEqualTo("login-driver");
        assertThat(claims.path("org").asLong()).isEqualTo(organisation);
        assertThat(claims.path("orgType").asString()).isEqualTo("TRANSPORTER");
        assertThat(claims.path("roles").toString()).isEqualTo("[\"TRANSPORTER\"]");
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong())
                .isEqualTo(Duration.ofHours(8).toSeconds());
        assertThat(expiresAt.getEpochSecond()).isEqualTo(claims.path("exp").asLong());

        TestHttp.Response me = client().get("/api/v1/auth/me", token);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().path("organisationName").asString()).isEqualTo("Login Test Hauliers");
        assertThat(me.json().path("organisationType").asString()).isEqualTo("TRANSPORTER");
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSame401ProblemDetails() {
        long organisation = organisations.ensure("Login Test Traders", OrganisationType.TRADER);
        accounts.ensureUser("login-trader", "login-trader-password", organisation, Set.of(Role.TRADER));
        TestHttp client = client();

        TestHttp.Response wrongPassword = client.post(LOGIN, credentials("login-trader", "wrong-password-123"));
        TestHttp.Response unknownUser = client.post(LOGIN, credentials("nobody-here", "wrong-password-123"));

        for (TestHttp.Response response : new TestHttp.Response[] {wrongPassword, unknownUser}) {
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().path("type").asString())
                    .isEqualTo("https://openects.org/problems/bad-credentials");
            assertThat(response.json().path("detail").asString()).isEqualTo("Wrong username or password.");
        }
    }

    @Test
    void aBodyWithoutPasswordGets400NamingTheField() {
        TestHttp.Response response = client().post(LOGIN, "{\"username\": \"admin\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("type").asString()).isEqualTo("https://openects.org/problems/validation");
        assertThat(response.json().path("errors").get(0).path("field").asString())
                .isEqualTo("password");
    }

    @Test
    void aBodyThatIsNotJsonGets400MalformedRequest() {
        TestHttp.Response response = client().post(LOGIN, "{\"username\": ");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("type").asString())
                .isEqualTo("https://openects.org/problems/malformed-request");
    }

    @Test
    void fiveConsecutiveFailuresLockTheAccountForAMinuteAndTheLockIsRecorded() {
        long organisation = organisations.ensure("Login Test Customs", OrganisationType.CUSTOMS);
        accounts.ensureUser("login-locked", "login-locked-password", organisation, Set.of(Role.OFFICER));
        TestHttp client = client();

        for (int i = 1; i <= 4; i++) {
            assertThat(client.post(LOGIN, credentials("login-locked", "wrong-password-" + i))
                            .status())
                    .isEqualTo(401);
        }
        Instant beforeLock = Instant.now();
        TestHttp.Response fifth = client.post(LOGIN, credentials("login-locked", "wrong-password-5"));
        TestHttp.Response rightPasswordWhileLocked =
                client.post(LOGIN, credentials("login-locked", "login-locked-password"));

        assertThat(fifth.status()).isEqualTo(423);
        assertThat(fifth.json().path("type").asString()).isEqualTo("https://openects.org/problems/account-locked");
        Instant lockedUntil = Instant.parse(fifth.json().path("lockedUntil").asString());
        assertThat(lockedUntil).isCloseTo(beforeLock.plus(Duration.ofMinutes(1)), within(Duration.ofSeconds(30)));
        assertThat(rightPasswordWhileLocked.status()).isEqualTo(423);
        OffsetDateTime recorded = jdbc.sql("SELECT locked_until FROM users WHERE username = 'login-locked'")
                .query(OffsetDateTime.class)
                .single();
        assertThat(recorded.toInstant()).isCloseTo(lockedUntil, within(Duration.ofMillis(1)));
    }

    @Test
    void anExpiredLockLetsTheRightPasswordInAgainAndResetsTheCount() {
        long organisation = organisations.ensure("Login Test Customs", OrganisationType.CUSTOMS);
        accounts.ensureUser("login-unlocked", "login-unlocked-password", organisation, Set.of(Role.OFFICER));
        TestHttp client = client();
        for (int i = 1; i <= 5; i++) {
            client.post(LOGIN, credentials("login-unlocked", "wrong-password-" + i));
        }
        jdbc.sql("UPDATE users SET locked_until = :past WHERE username = 'login-unlocked'")
                .param("past", OffsetDateTime.now().minusSeconds(1))
                .update();

        TestHttp.Response response = client.post(LOGIN, credentials("login-unlocked", "login-unlocked-password"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT failed_login_count FROM users WHERE username = 'login-unlocked'")
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void tooManyFailuresFromOneAddressGet429WithRetryAfterWhileOtherAddressesStillLogIn() {
        TestHttp attacker = client();
        TestHttp.Response response = attacker.post(LOGIN, credentials("nobody-0", "wrong-password-0"));
        int attempts = 1;
        while (response.status() == 401 && attempts < 30) {
            response = attacker.post(LOGIN, credentials("nobody-" + attempts, "wrong-password-" + attempts));
            attempts++;
        }

        assertThat(response.status()).isEqualTo(429);
        assertThat(attempts)
                .as("ten failures a minute are allowed (a slow machine refills a few more)")
                .isGreaterThan(10);
        assertThat(response.json().path("type").asString())
                .isEqualTo("https://openects.org/problems/too-many-requests");
        assertThat(response.header("retry-after")).hasValueSatisfying(seconds -> assertThat(Integer.parseInt(seconds))
                .isBetween(1, 60));
        assertThat(client().post(LOGIN, credentials("admin", TestAccounts.ADMIN_PASSWORD))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aTokenStopsWorkingAsSoonAsItsAccountIsDisabled() {
        long organisation = organisations.ensure("Login Test Customs", OrganisationType.CUSTOMS);
        accounts.ensureUser("login-disabled", "login-disabled-password", organisation, Set.of(Role.AUDITOR));
        TestHttp client = client();
        String token = client.login("login-disabled", "login-disabled-password");
        assertThat(client.get("/api/v1/auth/me", token).status()).isEqualTo(200);

        jdbc.sql("UPDATE users SET enabled = FALSE WHERE username = 'login-disabled'")
                .update();

        assertThat(client.get("/api/v1/auth/me", token).status()).isEqualTo(401);
        TestHttp.Response login = client.post(LOGIN, credentials("login-disabled", "login-disabled-password"));
        assertThat(login.status()).isEqualTo(401);
        assertThat(login.json().path("type").asString()).isEqualTo("https://openects.org/problems/account-disabled");
    }

    @Test
    void aSpoofedForwardedForFromAnUntrustedAddressDoesNotEscapeTheThrottle() {
        TestHttp attacker = client();
        TestHttp.Response response = null;
        int attempts = 0;
        do {
            response = attacker.send(
                    "POST",
                    LOGIN,
                    credentials("nobody-spoof-" + attempts, "wrong-password-" + attempts),
                    Map.of("X-Forwarded-For", "198.51.100." + (attempts % 250 + 1)));
            attempts++;
        } while (response.status() == 401 && attempts < 30);

        assertThat(response.status())
                .as("a new X-Forwarded-For per attempt is ignored: the socket address is throttled")
                .isEqualTo(429);
        assertThat(attempts).isLessThan(30);
    }

    /** A client on a loopback address of its own, so that failures here never throttle other tests. */
    private TestHttp client() {
        return TestHttp.from(port, "127.0.1." + ADDRESSES.incrementAndGet());
    }

    private static String credentials(String username, String password) {
        return "{\"username\": \"" + username + "\", \"password\": \"" + password + "\"}";
    }
}
