package org.openects.server.identity.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.openects.server.audit.AuditEvent;
import org.openects.server.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Checks a username and password for both login paths (UI form and API), with a growing lock after consecutive
 * failures and the per-address throttle. Unknown usernames cost a password hash too, so that timing does not reveal
 * them.
 *
 * <p>Lockout: the {@code max-failed-logins}-th consecutive failure locks the account for {@code lockout-delay}; while
 * locked, attempts are refused unchecked and do not count; each further failure after a lock has passed locks it again
 * for twice as long, at most {@code lockout-max-delay}. The right password once the lock has passed logs in and resets
 * the count, and so does an administrator's unlock.
 *
 * <p>Audit: a successful login is one {@code login.succeeded} entry; failed ones are tallied by
 * {@link FailedLoginAudit} into counted {@code login.failed} entries; each lock is one {@code account.locked} entry.
 */
@Service
class LoginService {

    private static final Logger log = LoggerFactory.getLogger(LoginService.class);

    private final AccountRepository accounts;
    private final PasswordEncoder passwordEncoder;
    private final LoginThrottle throttle;
    private final IdentityProperties properties;
    private final Clock clock;
    private final AuditLog audit;
    private final FailedLoginAudit failures;
    private final String dummyHash;

    @Autowired
    LoginService(
            AccountRepository accounts,
            PasswordEncoder passwordEncoder,
            LoginThrottle throttle,
            IdentityProperties properties,
            AuditLog audit,
            FailedLoginAudit failures) {
        this(accounts, passwordEncoder, throttle, properties, Clock.systemUTC(), audit, failures);
    }

    LoginService(
            AccountRepository accounts,
            PasswordEncoder passwordEncoder,
            LoginThrottle throttle,
            IdentityProperties properties,
            Clock clock,
            AuditLog audit,
            FailedLoginAudit failures) {
        this.audit = audit;
        this.accounts = accounts;
        this.passwordEncoder = passwordEncoder;
        this.throttle = throttle;
        this.properties = properties;
        this.clock = clock;
        this.failures = failures;
        this.dummyHash = passwordEncoder.encode("no account has this password, it only costs time");
    }

    LoginOutcome login(String username, String password, String clientAddress) {
        LoginOutcome outcome;
        try {
            outcome = check(username, password, clientAddress);
        } catch (BoundedPasswordEncoder.BusyException e) {
            log.warn("Login for '{}' from {} refused: every password-hashing slot is busy", username, clientAddress);
            outcome = new LoginOutcome.Busy();
        }
        if (outcome instanceof LoginOutcome.Success success) {
            audit.record(new AuditEvent(
                    clock.instant(),
                    AuditEvent.user(success.user().username()),
                    "login.succeeded",
                    "account",
                    success.user().username(),
                    Map.of("client", clientAddress),
                    List.of()));
        } else {
            failures.failed(username, clientAddress, outcome.getClass().getSimpleName());
        }
        return outcome;
    }

    private LoginOutcome check(String username, String password, String clientAddress) {
        var refusal = throttle.refusal(clientAddress);
        if (refusal.isPresent()) {
            log.warn(
                    "Login for '{}' from {} refused: too many failed logins from that address",
                    username,
                    clientAddress);
            return new LoginOutcome.Throttled(refusal.get());
        }
        Instant now = clock.instant();
        Optional<StoredAccount> found = accounts.findByUsername(username.strip().toLowerCase(Locale.ROOT));
        if (found.isEmpty()) {
            matches(password, dummyHash);
            throttle.failed(clientAddress);
            log.info("Failed login for unknown account '{}' from {}", username, clientAddress);
            return new LoginOutcome.BadCredentials();
        }
        StoredAccount account = found.get();
        Instant lockedUntil = account.lockedUntil();
        if (lockedUntil != null && lockedUntil.isAfter(now)) {
            throttle.failed(clientAddress);
            log.info("Login for locked account '{}' from {} refused", account.username(), clientAddress);
            return new LoginOutcome.Locked(lockedUntil);
        }
        if (!matches(password, account.passwordHash())) {
            throttle.failed(clientAddress);
            Optional<AccountRepository.Lock> lock = accounts.recordFailure(
                    account.id(),
                    now,
                    properties.maxFailedLogins(),
                    properties.lockoutDelay(),
                    properties.lockoutMaxDelay());
            if (lock.isPresent()) {
                AccountRepository.Lock locked = lock.get();
                log.warn(
                        "Account '{}' locked until {} after {} consecutive failed logins (last from {})",
                        account.username(),
                        locked.until(),
                        locked.failures(),
                        clientAddress);
                audit.record(new AuditEvent(
                        now,
                        AuditEvent.system("identity"),
                        "account.locked",
                        "account",
                        account.username(),
                        Map.of(
                                "failedAttempts", Integer.toString(locked.failures()),
                                "lockedUntil", locked.until().toString(),
                                "client", clientAddress),
                        List.of()));
                return new LoginOutcome.Locked(locked.until());
            }
            log.info("Failed login for account '{}' from {}", account.username(), clientAddress);
            return new LoginOutcome.BadCredentials();
        }
        if (!account.enabled()) {
            log.info("Login for disabled account '{}' from {} refused", account.username(), clientAddress);
            return new LoginOutcome.Disabled();
        }
        String upgraded =
                passwordEncoder.upgradeEncoding(account.passwordHash()) ? passwordEncoder.encode(password) : null;
        accounts.recordSuccess(account.id(), now, upgraded);
        log.debug("Account '{}' logged in from {}", account.username(), clientAddress);
        return new LoginOutcome.Success(account.principal());
    }

    private boolean matches(String password, String hash) {
        try {
            return passwordEncoder.matches(password, hash);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
