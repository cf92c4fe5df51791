package org.openects.server.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.openects.server.identity.ClientAddresses;
import org.openects.server.identity.CurrentUser;
import org.openects.server.identity.Organisation;
import org.openects.server.identity.OrganisationType;
import org.openects.server.identity.Role;
import org.openects.server.shared.ProblemTypes;
import org.openects.server.shared.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** API login (username and password for a bearer token) and who-am-I. */
@RestController
@RequestMapping("/api/v1/auth")
class AuthController {

    /** Body of {@code POST /api/v1/auth/login}. */
    record LoginRequest(
            @NotBlank @Size(max = 64) @Nullable String username,
            @NotBlank @Size(max = 128) @Nullable String password) {}

    /** Answer of {@code GET /api/v1/auth/me}. */
    record Me(
            String username,
            long organisationId,
            String organisationName,
            OrganisationType organisationType,
            Set<Role> roles) {}

    /** 503: every password-hashing slot is busy; the response carries {@code Retry-After}. */
    static final URI BUSY = URI.create(ProblemTypes.BASE + "busy");

    private final LoginService logins;
    private final Tokens tokens;
    private final JdbcOrganisations organisations;
    private final ClientAddresses clientAddresses;

    AuthController(
            LoginService logins, Tokens tokens, JdbcOrganisations organisations, ClientAddresses clientAddresses) {
        this.logins = logins;
        this.tokens = tokens;
        this.organisations = organisations;
        this.clientAddresses = clientAddresses;
    }

    @PostMapping("/login")
    ResponseEntity<?> login(@Valid @RequestBody LoginRequest request, HttpServletRequest http) {
        String username = Objects.requireNonNull(request.username());
        String password = Objects.requireNonNull(request.password());
        return switch (logins.login(username, password, clientAddresses.of(http))) {
            case LoginOutcome.Success success -> ResponseEntity.ok(tokens.issue(success.principal()));
            case LoginOutcome.BadCredentials bad ->
                problem(
                        HttpStatus.UNAUTHORIZED,
                        ProblemTypes.BAD_CREDENTIALS,
                        "Bad credentials",
                        "Wrong username or password.");
            case LoginOutcome.Locked locked -> {
                ProblemDetail problem = Problems.of(
                        HttpStatus.LOCKED,
                        ProblemTypes.ACCOUNT_LOCKED,
                        "Account locked",
                        "The account is locked after too many failed logins; try again after " + locked.until()
                                + " or ask an administrator.");
                problem.setProperty("lockedUntil", locked.until().toString());
                yield ResponseEntity.status(HttpStatus.LOCKED).body(problem);
            }
            case LoginOutcome.Disabled disabled ->
                problem(
                        HttpStatus.UNAUTHORIZED,
                        ProblemTypes.ACCOUNT_DISABLED,
                        "Account disabled",
                        "The account is disabled; ask an administrator.");
            case LoginOutcome.Throttled throttled -> {
                long seconds = Problems.retrySeconds(throttled.retryAfter());
                yield Problems.retryAfter(
                        HttpStatus.TOO_MANY_REQUESTS,
                        seconds,
                        ProblemTypes.TOO_MANY_REQUESTS,
                        "Too many failed logins",
                        "Too many failed logins from your address; try again in " + seconds + " s.");
            }
            case LoginOutcome.Busy busy ->
                Problems.retryAfter(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        1,
                        BUSY,
                        "Too many logins at once",
                        "The server is checking too many passwords at once; try again in a second.");
        };
    }

    @GetMapping("/me")
    Me me(CurrentUser user) {
        String organisationName = organisations
                .find(user.organisationId())
                .map(Organisation::name)
                .orElse("");
        return new Me(user.username(), user.organisationId(), organisationName, user.organisationType(), user.roles());
    }

    /**
     * The session's CSRF token, for scripts that call the API with the UI session (pages also carry it in a
     * {@code <meta name="_csrf">} tag). Bearer-token callers need none and get a 400: asking would create a session.
     */
    @GetMapping("/csrf")
    CsrfAnswer csrf(HttpServletRequest http) {
        if (http.getSession(false) == null) {
            throw new IllegalArgumentException("CSRF tokens belong to UI sessions; bearer-token requests need none.");
        }
        CsrfToken token = (CsrfToken) http.getAttribute(CsrfToken.class.getName());
        if (token == null) {
            throw new IllegalStateException("No CSRF token on this request");
        }
        return new CsrfAnswer(token.getHeaderName(), token.getToken());
    }

    /** Answer of {@code GET /api/v1/auth/csrf}. */
    record CsrfAnswer(String headerName, String token) {}

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, URI type, String title, String detail) {
        return ResponseEntity.status(status).body(Problems.of(status, type, title, detail));
    }
}
