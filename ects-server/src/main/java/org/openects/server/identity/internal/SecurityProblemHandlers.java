package org.openects.server.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.openects.server.shared.ProblemResponseWriter;
import org.openects.server.shared.ProblemTypes;
import org.openects.server.shared.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.stereotype.Component;

/**
 * Answers API requests that the security filters turn away with problem details instead of redirects or empty
 * bodies: 401 without (valid) credentials, 403 for a missing CSRF token or roles that do not allow the request.
 */
@Component
class SecurityProblemHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final ProblemResponseWriter writer;

    SecurityProblemHandlers(ProblemResponseWriter writer) {
        this.writer = writer;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        boolean badToken = e instanceof InvalidBearerTokenException
                || e.getClass().getName().contains("OAuth2");
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, badToken ? "Bearer error=\"invalid_token\"" : "Bearer");
        String detail = badToken
                ? "The bearer token is not valid: it is expired, altered, or its account is disabled."
                : "Log in (session) or send a valid bearer token.";
        writer.write(
                request,
                response,
                Problems.of(HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHENTICATED, "Authentication required", detail));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        if (e instanceof CsrfException) {
            if (request.getSession(false) == null) {
                writer.write(
                        request,
                        response,
                        Problems.of(
                                HttpStatus.UNAUTHORIZED,
                                ProblemTypes.UNAUTHENTICATED,
                                "Authentication required",
                                "The session has ended; log in again."));
                return;
            }
            writer.write(
                    request,
                    response,
                    Problems.of(
                            HttpStatus.FORBIDDEN,
                            ProblemTypes.CSRF,
                            "CSRF token missing or invalid",
                            "Session-authenticated requests that change state must send the CSRF token of the page"
                                    + " (meta tag _csrf) in the X-CSRF-TOKEN header."));
            return;
        }
        writer.write(
                request,
                response,
                Problems.of(
                        HttpStatus.FORBIDDEN,
                        ProblemTypes.FORBIDDEN,
                        "Forbidden",
                        "Your roles do not allow this request."));
    }
}
