package org.openects.server.declarations.internal;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.openects.server.declarations.SealsAssigned;

/**
 * A seal request as the API shows it.
 *
 * @param id its number
 * @param declarationId the declaration it is for
 * @param declaration what the provider and the officer need of that declaration
 * @param providerOrganisationId the seal provider asked
 * @param seals how many seals
 * @param tractorTracker whether a tractor tracker was asked for
 * @param state where it is
 * @param requestedAt when it was filed
 * @param requestedBy who filed it (account name)
 * @param decidedAt when it was approved or refused
 * @param decidedBy who decided: an account name, or {@code system:seal-requests} for the automatic rule
 * @param reason why it was refused
 * @param devices the devices assigned at approval: the seals, then the tracker
 */
record SealRequest(
        long id,
        long declarationId,
        DeclarationSummary declaration,
        long providerOrganisationId,
        int seals,
        boolean tractorTracker,
        SealRequestState state,
        Instant requestedAt,
        String requestedBy,
        @Nullable Instant decidedAt,
        @Nullable String decidedBy,
        @Nullable String reason,
        List<SealsAssigned.AssignedDevice> devices) {

    /**
     * The declaration of a seal request, in short.
     *
     * @param documentType its document type's code
     * @param reference its reference
     * @param declarantOrganisationId the trader that owns it
     * @param officeOfDeparture where the seals go on
     * @param officeOfDestination where they come off
     * @param vehiclePlates the plates
     * @param containerNumbers the containers
     * @param timeLimit by when the goods must be at destination
     */
    record DeclarationSummary(
            String documentType,
            String reference,
            long declarantOrganisationId,
            String officeOfDeparture,
            String officeOfDestination,
            List<String> vehiclePlates,
            List<String> containerNumbers,
            Instant timeLimit) {}
}
