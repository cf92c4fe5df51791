package org.openects.server.declarations.internal;

import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /api/v1/seal-requests}.
 *
 * @param declarationId the trader's declaration the seals are for
 * @param providerOrganisationId the seal provider whose stock the devices come from
 * @param tractorTracker whether a tracker for the tractor is wanted too (default false)
 * @param seals how many seals (default: the declaration's {@code sealsRequired}; 1-20)
 */
record SealRequestBody(
        @Nullable Long declarationId,
        @Nullable Long providerOrganisationId,
        @Nullable Boolean tractorTracker,
        @Nullable Integer seals) {}
