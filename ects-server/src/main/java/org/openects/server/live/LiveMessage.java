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
        @Nullable Long transporterOrganisationId) {

    /** No organisation has this id: a message naming it as trader reaches customs subscribers only. */
    private static final long NO_ORGANISATION = -1;

    /** An update only customs subscribers see (operators, officers, administrators...), never a trader or haulier. */
    public static LiveMessage forCustoms(String event, Object data) {
        return new LiveMessage(event, data, NO_ORGANISATION, null);
    }
}
