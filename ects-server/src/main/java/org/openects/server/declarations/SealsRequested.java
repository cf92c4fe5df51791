package org.openects.server.declarations;

import java.time.Instant;

/**
 * A trader asked for e-seals against a declaration. Published inside the storing transaction; the declaration's
 * movement goes from {@code DECLARED} to {@code SEALS_REQUESTED}.
 *
 * @param declarationId the declaration
 * @param requestId the seal request's number
 * @param actor who asked (username)
 * @param at when
 */
public record SealsRequested(long declarationId, long requestId, String actor, Instant at) {}
