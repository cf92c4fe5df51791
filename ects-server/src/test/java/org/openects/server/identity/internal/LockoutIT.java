package org.openects.server.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openects.server.audit.AuditLog;
import org.openects.server.identity.Accounts;
import org.openects.server.identity.OrganisationType;
import org.openects.server.identity.Organisations;
import org.openects.server.identity.Role;
import org.openects.server.security.TestHttp;
import org.openects.server.support.IntegrationTest;
import org.openects.server.support.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Lockout by a growing delay (driven by a settable clock, no sleeps), the administrator's unlock, and bounded password
 * hashing. The login service under test is built on the real database, password encoder and audit log.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LockoutIT extends IntegrationTest {

    private static final String ADDRESS = "192.0.2.1";

    @LocalServerPort
    int port;

    @Autowired
    AccountRepository repository;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Autowired
    IdentityProperties properties;

    @Autowired
    AuditLog audit;

    @Autowired
    Accounts accounts;

    @Autowired
    Organisations organisations;

    @Autowired
    JdbcClient jdbc;

    private final SettableClock clock = new SettableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private LoginService logins;
    private long customs;

    @BeforeEach
    void setUp() {
        logins = loginService(passwordEncoder);
        customs = organisations.ensure("Lockout Test Customs", OrganisationType.CUSTOMS);
    }

    private LoginService loginService(PasswordEncoder encoder) {
        return new LoginService(
                repository,
                encoder,
                new LoginThrottle(1_000, clock),
                properties,
                clock,
                audit,
                new FailedLoginAudit(audit, clock, 60_000));
    }

    @Test
    void eachFailureAfterALockDoublesTheNextLockUpToTheCapAndTheRightPasswordAfterTheLockLogsIn() {
        accounts.ensureUser("lockout-growing", "lockout-growing-password", customs, Set.of(Role.OFFICER));
        for (int i = 1; i <= 4; i++) {
            assertThat(logins.login("lockout-growing", "wrong-" + i, ADDRESS))
                    .isInstanceOf(LoginOutcome.BadCredentials.class);
        }
        Instant fifthAt = clock.instant();
        assertThat(logins.login("lockout-growing", "wrong-5", ADDRESS))
                .isEqualTo(new LoginOutcome.Locked(fifthAt.plus(Duration.ofMinutes(1))));
        // While locked, even the right password is refused unchecked, and attempts do not extend the lock.
        clock.advance(Duration.ofSeconds(59));
        assertThat(logins.login("lockout-growing", "lockout-growing-password", ADDRESS))
                .isEqualTo(new LoginOutcome.Locked(fifthAt.plus(Duration.ofMinutes(1))));
        assertThat(logins.login("lockout-growing", "wrong-again", ADDRESS))
                .isEqualTo(new LoginOutcome.Locked(fifthAt.plus(Duration.ofMinutes(1))));

        // Each failure once the lock has passed locks again, for twice as long: 2, 4, 8... minutes, at most an hour.
        Duration expected = Duration.ofMinutes(1);
        for (int failure = 6; failure <= 14; failure++) {
            clock.advance(expected.plusSeconds(1));
            expected = expected.multipliedBy(2).compareTo(Duration.ofHours(1)) > 0
                    ? Duration.ofHours(1)
                    : expected.multipliedBy(2);
            Instant at = clock.instant();
            assertThat(logins.login("lockout-growing", "wrong-" + failure, ADDRESS))
                    .as("failure %d", failure)
                    .isEqualTo(new LoginOutcome.Locked(at.plus(expected)));
        }
        assertThat(expected).isEqualTo(Duration.ofHours(1));

        clock.advance(Duration.ofHours(1).plusSeconds(1));
        assertThat(logins.login("lockout-growing", "lockout-growing-password", ADDRESS))
                .isInstanceOf(LoginOutcome.Success.class);
        assertThat(failedCount("lockout-growing")).isZero();
        assertThat(logins.login("lockout-growing", "wrong-after-success", ADDRESS))
                .isInstanceOf(LoginOutcome.BadCredentials.class);
    }

    @Test
    void everyLockIsAuditedAsAccountLocked() {
        accounts.ensureUser("lockout-audited", "lockout-audited-password", customs, Set.of(Role.OFFICER));
        for (int i = 1; i <= 5; i++) {
            logins.login("lockout-audited", "wrong-" + i, ADDRESS);
        }
        clock.advance(Duration.ofMinutes(2));
        logins.login("lockout-audited", "wrong-6", ADDRESS);

        var entries = new AuditEntries(jdbc, audit, port).of("account.locked", "lockout-audited");

        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).path("details").path("failedAttempts").asString())
                .isEqualTo("5");
        assertThat(entries.get(1).path("details").path("failedAttempts").asString())
                .isEqualTo("6");
        assertThat(entries.get(1).path("details").path("client").asString()).isEqualTo(ADDRESS);
    }

    @Test
    void anAdministratorUnlocksALockedAccountAndTheUnlockIsAudited() {
        long id = accounts.ensureUser("lockout-unlock", "lockout-unlock-password", customs, Set.of(Role.OFFICER));
        for (int i = 1; i <= 5; i++) {
            logins.login("lockout-unlock", "wrong-" + i, ADDRESS);
        }
        assertThat(logins.login("lockout-unlock", "lockout-unlock-password", ADDRESS))
                .isInstanceOf(LoginOutcome.Locked.class);
        TestHttp http = TestHttp.stateless(port);
        String admin = http.login("admin", TestAccounts.ADMIN_PASSWORD);

        TestHttp.Response unlocked = http.post("/api/v1/users/" + id + "/unlock", "", admin);

        assertThat(unlocked.status()).as("%s", unlocked).isEqualTo(200);
        assertThat(unlocked.json().path("lockedUntil").isMissingNode()).isTrue();
        assertThat(failedCount("lockout-unlock")).isZero();
        assertThat(logins.login("lockout-unlock", "lockout-unlock-password", ADDRESS))
                .isInstanceOf(LoginOutcome.Success.class);
        var entries = new AuditEntries(jdbc, audit, port).of("account.unlocked", "lockout-unlock");
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).path("actor").asString()).isEqualTo("user:admin");
    }

    @Test
    void unlockingAnAccountThatDoesNotExistIs404ProblemDetails() {
        TestHttp http = TestHttp.stateless(port);
        String admin = http.login("admin", TestAccounts.ADMIN_PASSWORD);

        TestHttp.Response response = http.post("/api/v1/users/987654321/unlock", "", admin);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("type").asString()).isEqualTo("https://openects.org/problems/not-found");
    }

    @Test
    void aLoginThatFindsEveryHashingSlotBusyIsRefusedAtOnceAndNothingIsCounted() {
        accounts.ensureUser("lockout-busy", "lockout-busy-password", customs, Set.of(Role.OFFICER));
        Semaphore slots = new Semaphore(1);
        LoginService bounded = loginService(new BoundedPasswordEncoder(passwordEncoder, slots, Duration.ofMillis(50)));
        slots.acquireUninterruptibly(); // another login holds the only slot

        long started = System.nanoTime();
        LoginOutcome busy = bounded.login("lockout-busy", "lockout-busy-password", ADDRESS);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(busy).isInstanceOf(LoginOutcome.Busy.class);
        assertThat(took).isLessThan(Duration.ofSeconds(2));
        assertThat(failedCount("lockout-busy")).isZero();
        slots.release();
        assertThat(bounded.login("lockout-busy", "lockout-busy-password", ADDRESS))
                .isInstanceOf(LoginOutcome.Success.class);
        assertThat(slots.availablePermits()).as("every slot is given back").isEqualTo(1);
    }

    private int failedCount(String username) {
        return jdbc.sql("SELECT failed_login_count FROM users WHERE username = :username")
                .param("username", username)
                .query(Integer.class)
                .single();
    }
}
