package org.openects.server.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.openects.server.identity.Credentials;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** {@link Credentials}: sessions by their servlet session and security version, tokens by expiry and version. */
@Component
class CredentialChecks implements Credentials {

    private final AccountRepository accounts;
    private final Clock clock;

    @Autowired
    CredentialChecks(AccountRepository accounts) {
        this(accounts, Clock.systemUTC());
    }

    CredentialChecks(AccountRepository accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    @Override
    public Credential ofCurrentRequest() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof AccountPrincipal principal)) {
            throw new IllegalStateException("No authenticated caller");
        }
        if (authentication instanceof BearerAuthentication bearer) {
            Instant expiresAt = bearer.expiresAt();
            return () -> clock.instant().isBefore(expiresAt) && versionHolds(principal);
        }
        HttpSession session = currentSession();
        if (session == null) {
            throw new IllegalStateException("A session-authenticated request without a session");
        }
        return () -> sessionLives(session) && versionHolds(principal);
    }

    private boolean versionHolds(AccountPrincipal principal) {
        return accounts.securityState(principal.user().username())
                .map(state -> state.accepts(principal.securityVersion()))
                .orElse(false);
    }

    /** Whether the session was neither invalidated (logout, version change) nor idle longer than its timeout. */
    private boolean sessionLives(HttpSession session) {
        try {
            int maxInactiveSeconds = session.getMaxInactiveInterval();
            long idleMillis = clock.millis() - session.getLastAccessedTime();
            return maxInactiveSeconds <= 0 || idleMillis < maxInactiveSeconds * 1000L;
        } catch (IllegalStateException invalidated) {
            return false;
        }
    }

    private static @Nullable HttpSession currentSession() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            return request.getSession(false);
        }
        return null;
    }
}
