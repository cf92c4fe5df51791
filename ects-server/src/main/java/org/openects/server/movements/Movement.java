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
        Instant createdAt) {

    public String originName() {
        return routePlan.origin().name();
    }

    public String destinationName() {
        return routePlan.destination().name();
    }
}
