package org.openects.server.shared;

import java.net.URI;

/**
 * The stable {@code type} URIs of OpenECTS problem details (RFC 9457). They identify a kind of problem; clients may
 * switch on them. They are names, not links: nothing needs to be served at these addresses. Problems that are fully
 * described by their HTTP status (405, 406, 415...) use {@code about:blank}.
 */
public final class ProblemTypes {

    /** Prefix of every OpenECTS problem type. */
    public static final String BASE = "https://openects.org/problems/";

    /** 400: the request was well-formed but fields are invalid; the problem carries an {@code errors} array. */
    public static final URI VALIDATION = URI.create(BASE + "validation");

    /** 400: the body could not be parsed (not JSON, wrong structure). */
    public static final URI MALFORMED_REQUEST = URI.create(BASE + "malformed-request");

    /** 400: a value was rejected by the domain (an {@link IllegalArgumentException} from a constructor). */
    public static final URI INVALID_ARGUMENT = URI.create(BASE + "invalid-argument");

    /** 401: no credentials, or credentials that are not valid (expired or forged token, ended session). */
    public static final URI UNAUTHENTICATED = URI.create(BASE + "unauthenticated");

    /** 401: wrong username or password at login. */
    public static final URI BAD_CREDENTIALS = URI.create(BASE + "bad-credentials");

    /** 423: the account is locked after repeated failed logins; the problem carries {@code lockedUntil}. */
    public static final URI ACCOUNT_LOCKED = URI.create(BASE + "account-locked");

    /** 401: right password, but the account is disabled. */
    public static final URI ACCOUNT_DISABLED = URI.create(BASE + "account-disabled");

    /** 403: authenticated, but the caller's roles do not allow this. */
    public static final URI FORBIDDEN = URI.create(BASE + "forbidden");

    /** 403: a session-authenticated state-changing request without a valid CSRF token. */
    public static final URI CSRF = URI.create(BASE + "csrf");

    /** 404: the addressed resource does not exist (or the caller may not know that it exists). */
    public static final URI NOT_FOUND = URI.create(BASE + "not-found");

    /**
     * 409: the request conflicts with the current state (a name already taken, a movement's transition its state does
     * not allow: then with {@code currentState} and {@code allowedNextStates}).
     */
    public static final URI CONFLICT = URI.create(BASE + "conflict");

    /** 429: too many attempts; the response carries {@code Retry-After}. */
    public static final URI TOO_MANY_REQUESTS = URI.create(BASE + "too-many-requests");

    /**
     * 500 or 503: the database failed the request; the answer carries a {@code reference} to the server log, never
     * the database's own text.
     */
    public static final URI DATABASE = URI.create(BASE + "database");

    private ProblemTypes() {}
}
