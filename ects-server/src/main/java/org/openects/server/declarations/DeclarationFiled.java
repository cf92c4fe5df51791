package org.openects.server.declarations;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A declaration was stored. Published inside the storing transaction; the movements module opens the declaration's
 * movement in state {@code DECLARED}.
 *
 * @param declarationId its number
 * @param documentType the document type's code ({@code MRN}, {@code BC12}…)
 * @param reference the document's reference, normalised (upper case)
 * @param declarantOrganisationId the trader organisation that owns it
 * @param transporterOrganisationId the haulier, if declared
 * @param departureOffice the office of departure's code
 * @param destinationOffice the office of destination's code
 * @param transitOffices the offices of transit (border posts), in route order
 * @param vehiclePlates tractor and trailer plates
 * @param containers ISO 6346 container numbers, compact form
 * @param sealsRequired how many seals the goods need
 * @param timeLimit by when the goods must be presented at the office of destination
 * @param corridorId the route library corridor named in the declaration, if any
 * @param corridorVersion its version, or {@code null} for the latest
 * @param actor who filed it (username)
 * @param at when
 */
public record DeclarationFiled(
        long declarationId,
        String documentType,
        String reference,
        long declarantOrganisationId,
        @Nullable Long transporterOrganisationId,
        String departureOffice,
        String destinationOffice,
        List<String> transitOffices,
        List<String> vehiclePlates,
        List<String> containers,
        int sealsRequired,
        Instant timeLimit,
        @Nullable String corridorId,
        @Nullable Integer corridorVersion,
        String actor,
        Instant at) {

    public DeclarationFiled {
        transitOffices = List.copyOf(transitOffices);
        vehiclePlates = List.copyOf(vehiclePlates);
        containers = List.copyOf(containers);
    }
}
