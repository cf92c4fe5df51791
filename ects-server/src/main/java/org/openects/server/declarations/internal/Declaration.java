package org.openects.server.declarations.internal;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A stored declaration, as the API shows it.
 *
 * @param id its number
 * @param documentType the document type's code
 * @param documentTypeName the document type's name
 * @param reference the reference, normalised (upper case)
 * @param declarantOrganisationId the trader organisation that owns it
 * @param transporterOrganisationId the haulier, if declared
 * @param officeOfDeparture the office of departure's code
 * @param officeOfDestination the office of destination's code
 * @param transitOffices the offices of transit and border posts, in route order
 * @param vehiclePlates the plates
 * @param containerNumbers the container numbers, compact form
 * @param goodsSummary what is carried
 * @param sealsRequired how many seals the goods need
 * @param timeLimit by when the goods must be at the office of destination
 * @param corridorId the corridor named, if any
 * @param corridorVersion its version, if named
 * @param filedAt when it was filed
 * @param filedBy who filed it (account name)
 * @param usableUntil until when it may be used for a seal request: the earlier of filing plus the type's validity and
 *     the time limit
 * @param sealRequestsAllowed whether its document type may be used for an e-seal request at all
 * @param sealRequest its latest seal request, if any
 */
record Declaration(
        long id,
        String documentType,
        String documentTypeName,
        String reference,
        long declarantOrganisationId,
        @Nullable Long transporterOrganisationId,
        String officeOfDeparture,
        String officeOfDestination,
        List<String> transitOffices,
        List<String> vehiclePlates,
        List<String> containerNumbers,
        String goodsSummary,
        int sealsRequired,
        Instant timeLimit,
        @Nullable String corridorId,
        @Nullable Integer corridorVersion,
        Instant filedAt,
        String filedBy,
        Instant usableUntil,
        boolean sealRequestsAllowed,
        @Nullable LatestRequest sealRequest) {

    /**
     * The latest seal request of a declaration.
     *
     * @param id its number
     * @param state its state
     */
    record LatestRequest(long id, SealRequestState state) {}

    /** Whether it may still be used for a seal request at {@code now}. */
    boolean usableAt(Instant now) {
        return now.isBefore(usableUntil);
    }

    Declaration withSealRequest(@Nullable LatestRequest latest) {
        return new Declaration(
                id,
                documentType,
                documentTypeName,
                reference,
                declarantOrganisationId,
                transporterOrganisationId,
                officeOfDeparture,
                officeOfDestination,
                transitOffices,
                vehiclePlates,
                containerNumbers,
                goodsSummary,
                sealsRequired,
                timeLimit,
                corridorId,
                corridorVersion,
                filedAt,
                filedBy,
                usableUntil,
                sealRequestsAllowed,
                latest);
    }
}
