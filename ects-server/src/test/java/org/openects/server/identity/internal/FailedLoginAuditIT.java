package org.openects.server.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openects.server.audit.AuditLog;
import org.openects.server.security.TestHttp;
import org.openects.server.support.IntegrationTest;
import org.openects.server.support.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Failed logins reach the audit log as counted entries, bounded whatever anonymous callers send; logouts too. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FailedLoginAuditIT extends IntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    FailedLoginAudit failedLogins;

    @Autowired
    AuditLog audit;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aThousandFailedLoginsFromOneAddressBecomeAFewCountedEntriesWhoseCountsAddUp() {
        String address = "127.0.3.1";
        TestHttp attacker = TestHttp.from(port, address);
        List<String> usernames = List.of("audit-flood-a", "audit-flood-b", "audit-flood-c", "audit-flood-d");
        for (int i = 0; i < 1000; i++) {
            TestHttp.Response response = attacker.post(
                    "/api/v1/auth/login",
                    "{\"username\": \"" + usernames.get(i % 4) + "\", \"password\": \"wrong-password-" + i + "\"}");
            assertThat(response.status()).isIn(401, 429);
        }
        failedLogins.flush();

        AuditEntries entries = new AuditEntries(jdbc, audit, port);
        long total = 0;
        int written = 0;
        for (String username : usernames) {
            List<JsonNode> found = entries.of("login.failed", username);
            assertThat(found).as("entries for %s", username).isNotEmpty().hasSizeLessThanOrEqualTo(3);
            for (JsonNode entry : found) {
                assertThat(entry.path("details").path("client").asString()).isEqualTo(address);
                total += Long.parseLong(entry.path("details").path("count").asString());
                written++;
            }
        }
        assertThat(total).isEqualTo(1000);
        assertThat(written).as("entries written for 1,000 failed logins").isLessThanOrEqualTo(12);
        assertThat(entries.of("login.failed", "audit-flood-a")
                        .get(0)
                        .path("details")
                        .path("outcomes")
                        .asString())
                .contains("Throttled=");
    }

    @Test
    void pastTheLimitOfTalliedPairsFailuresGoIntoOneEntryForAnyone() {
        FailedLoginAudit tally = new FailedLoginAudit(audit, Clock.systemUTC(), 3_600_000);
        int distinct = FailedLoginAudit.MAX_PAIRS + 500;
        for (int i = 0; i < distinct; i++) {
            tally.failed("audit-spray-" + i, "198.51.100.7", "BadCredentials");
        }

        int written = tally.flush();

        assertThat(written).isEqualTo(FailedLoginAudit.MAX_PAIRS + 1);
        List<JsonNode> overflow = new AuditEntries(jdbc, audit, port).of("login.failed", FailedLoginAudit.ANY);
        assertThat(overflow).isNotEmpty();
        assertThat(overflow.getLast().path("details").path("count").asString()).isEqualTo("500");
        assertThat(tally.flush()).as("a flushed tally starts again").isZero();
    }

    @Test
    void aLogoutIsAudited() {
        TestHttp browser = TestHttp.withSession(port);
        String csrf = SessionPages.csrfField(browser.get("/login"));
        browser.postForm("/login", Map.of("username", "admin", "password", TestAccounts.ADMIN_PASSWORD, "_csrf", csrf));
        String token = browser.get("/api/v1/auth/csrf").json().path("token").asString();
        Instant before = Instant.now();

        TestHttp.Response logout = browser.postForm("/logout", Map.of("_csrf", token));

        assertThat(logout.status()).isEqualTo(302);
        List<JsonNode> logouts = new AuditEntries(jdbc, audit, port).of("logout", "admin");
        assertThat(logouts).isNotEmpty();
        JsonNode last = logouts.getLast();
        assertThat(last.path("actor").asString()).isEqualTo("user:admin");
        assertThat(Instant.parse(last.path("time").asString())).isAfterOrEqualTo(before.minusSeconds(1));
    }
}
