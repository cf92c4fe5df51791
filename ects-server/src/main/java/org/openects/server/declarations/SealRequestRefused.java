package org.openects.server.declarations;

import java.time.Instant;

/**
 * An officer refused a seal request. Published inside the storing transaction; the declaration's movement goes back
 * from {@code SEALS_REQUESTED} to {@code DECLARED}, so the trader may ask again.
 *
 * @param declarationId the declaration
 * @param requestId the seal request
 * @param reason what the officer wrote
 * @param actor the officer (username)
 * @param at when
 */
public record SealRequestRefused(long declarationId, long requestId, String reason, String actor, Instant at) {}
