package org.openects.server.live;

import org.jspecify.annotations.Nullable;

/**
 * One live update and who may see it.
 *
 * @param event the SSE event name ({@code position}, {@code alert}, {@code event})
 * @param data the payload, serialised as JSON
 * @param traderOrganisationId the trader owning the movement it concerns
 * @param transporterOrganisationId the haulier of that movement, if any
 */
public record LiveMessage(
        String event,
        Object data,
        long traderOrganisationId,
        @Nullable Long transporterOrganisationId) {}
