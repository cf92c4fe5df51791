package org.openects.server.declarations.internal;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /api/v1/declarations}. Every field is checked by {@link DeclarationService}, which names
 * the field and the rule of each one it refuses.
 *
 * @param documentType the document type's code ({@code ects.procedure.document-types})
 * @param reference the document's reference, checked by the type's rule
 * @param declarantOrganisationId the trader organisation filing it: a trader may leave it out (its own), customs
 *     names the trader it files for
 * @param transporterOrganisationId the haulier, a transporter organisation (optional)
 * @param officeOfDeparture code of a customs office with the {@code DEPARTURE} role
 * @param officeOfDestination code of a customs office with the {@code DESTINATION} role
 * @param transitOffices codes of offices with the {@code TRANSIT} or {@code BORDER} role, in route order (optional)
 * @param vehiclePlates the tractor's and trailers' plates, 1 to 4
 * @param containerNumbers ISO 6346 container numbers (optional, at most 20)
 * @param goodsSummary what is carried, 1-500 characters
 * @param sealsRequired how many seals the goods need, 1-20
 * @param timeLimit by when the goods must be at the office of destination; in the future
 * @param corridorId a corridor of the route library (not checked against it here)
 * @param corridorVersion its version (optional; only with a corridor)
 */
record DeclarationRequest(
        @Nullable String documentType,
        @Nullable String reference,
        @Nullable Long declarantOrganisationId,
        @Nullable Long transporterOrganisationId,
        @Nullable String officeOfDeparture,
        @Nullable String officeOfDestination,
        @Nullable List<@Nullable String> transitOffices,
        @Nullable List<@Nullable String> vehiclePlates,
        @Nullable List<@Nullable String> containerNumbers,
        @Nullable String goodsSummary,
        @Nullable Integer sealsRequired,
        @Nullable Instant timeLimit,
        @Nullable String corridorId,
        @Nullable Integer corridorVersion) {}
