package org.openects.server.identity.internal;

import java.time.Instant;

/**
 * The answer to a successful API login.
 *
 * @param token the bearer token (a JWT signed with HS256)
 * @param expiresAt when the token stops being accepted
 */
record IssuedToken(String token, Instant expiresAt) {}
