package org.openects.server.movements;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A movement under supervision.
 *
 * @param id its number
 * @param reference the customs document
 * @param traderOrganisationId the trader that declared it
 * @param transporterOrganisationId the haulier, if known
 * @param deviceId the device on it
 * @param vehicle vehicle and container identification
 * @param state where it is in its life
 * @param routePlan its route plan
 * @param createdAt when supervision started
 * @param endedAt when supervision ended (released at destination or cancelled), if it has
 * @param endedBy who ended it (username)
 * @param endReason why: where it was released, or what the person who cancelled it wrote
 */
public record Movement(
        long id,
        String reference,
        long traderOrganisationId,
        @Nullable Long transporterOrganisationId,
        String deviceId,
        @Nullable String vehicle,
        MovementState state,
        RoutePlanSpec routePlan,
        Instant createdAt,
        @Nullable Instant endedAt,
        @Nullable String endedBy,
        @Nullable String endReason) {

    public String originName() {
        return routePlan.origin().name();
    }

    public String destinationName() {
        return routePlan.destination().name();
    }
}
