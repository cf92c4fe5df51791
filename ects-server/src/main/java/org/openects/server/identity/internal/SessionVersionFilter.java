package org.openects.server.identity.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Map;
import org.openects.server.audit.AuditEvent;
import org.openects.server.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks every session-authenticated request against its account, as {@link Tokens} does for bearer tokens: a session
 * whose account is gone, disabled, or at another security version (roles changed, sessions ended by an administrator)
 * is invalidated, and the request goes on unauthenticated (401 from the API, the login page in the UI). One indexed
 * read per request.
 */
class SessionVersionFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(SessionVersionFilter.class);

    private final AccountRepository accounts;
    private final AuditLog audit;

    SessionVersionFilter(AccountRepository accounts, AuditLog audit) {
        this.accounts = accounts;
        this.audit = audit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof UsernamePasswordAuthenticationToken
                && authentication.getPrincipal() instanceof AccountPrincipal principal) {
            String username = principal.user().username();
            boolean valid = accounts.securityState(username)
                    .map(state -> state.accepts(principal.securityVersion()))
                    .orElse(false);
            if (!valid) {
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                SecurityContextHolder.clearContext();
                log.info("Session of '{}' ended: the account was disabled, changed or logged out everywhere", username);
                audit.record(AuditEvent.now(
                        AuditEvent.system("identity"),
                        "session.ended",
                        "account",
                        username,
                        Map.of("reason", "account disabled, roles changed or sessions ended")));
            }
        }
        chain.doFilter(request, response);
    }
}
