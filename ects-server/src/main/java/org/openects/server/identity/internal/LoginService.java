package org.openects.server.identity.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.openects.server.audit.AuditEvent;
import org.openects.server.audit.AuditLog;
import org.openects.server.identity.AccountLocked;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Checks a username and password for both login paths (UI form and API), with lockout after consecutive failures
 * and the per-address throttle. Unknown usernames cost a password hash too, so that timing does not reveal them.
 */
@Service
class LoginService {

    private static final Logger log = LoggerFactory.getLogger(LoginService.class);

    private final AccountRepository accounts;
    private final PasswordEncoder passwordEncoder;
    private final LoginThrottle throttle;
    private final IdentityProperties properties;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final AuditLog audit;
    private final String dummyHash;

    @Autowired
    LoginService(
            AccountRepository accounts,
            PasswordEncoder passwordEncoder,
            LoginThrottle throttle,
            IdentityProperties properties,
            ApplicationEventPublisher events,
            AuditLog audit) {
        this(accounts, passwordEncoder, throttle, properties, events, Clock.systemUTC(), audit);
    }

    LoginService(
            AccountRepository accounts,
            PasswordEncoder passwordEncoder,
            LoginThrottle throttle,
            IdentityProperties properties,
            ApplicationEventPublisher events,
            Clock clock,
            AuditLog audit) {
        this.audit = audit;
        this.accounts = accounts;
        this.passwordEncoder = passwordEncoder;
        this.throttle = throttle;
        this.properties = properties;
        this.events = events;
        this.clock = clock;
        this.dummyHash = passwordEncoder.encode("no account has this password, it only costs time");
    }

    LoginOutcome login(String username, String password, String clientAddress) {
        LoginOutcome outcome = check(username, password, clientAddress);
        audit.record(AuditEvent.now(
                outcome instanceof LoginOutcome.Success ? AuditEvent.user(username) : AuditEvent.system("identity"),
                outcome instanceof LoginOutcome.Success ? "login.succeeded" : "login.failed",
                "account",
                username.length() > 64 ? username.substring(0, 64) : username,
                Map.of("client", clientAddress, "outcome", outcome.getClass().getSimpleName())));
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
        if (account.lockedAt(now)) {
            throttle.failed(clientAddress);
            log.info("Login for locked account '{}' from {} refused", account.username(), clientAddress);
            return new LoginOutcome.Locked(account.lockedUntil());
        }
        if (!matches(password, account.passwordHash())) {
            throttle.failed(clientAddress);
            Instant lockUntil = now.plus(properties.lockoutDuration());
            int lockedAfter = accounts.recordFailure(account.id(), now, properties.maxFailedLogins(), lockUntil);
            if (lockedAfter > 0) {
                log.warn(
                        "Account '{}' locked until {} after {} consecutive failed logins (last from {})",
                        account.username(),
                        lockUntil,
                        lockedAfter,
                        clientAddress);
                events.publishEvent(new AccountLocked(account.username(), lockedAfter, lockUntil));
                return new LoginOutcome.Locked(lockUntil);
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
        return new LoginOutcome.Success(account.currentUser());
    }

    private boolean matches(String password, String hash) {
        try {
            return passwordEncoder.matches(password, hash);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
