package org.openects.server.movements;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * A request to start supervising a movement.
 *
 * @param reference the customs document (MRN, transit declaration number)
 * @param traderOrganisationId the trader that declared it
 * @param transporterOrganisationId the haulier carrying it, if known
 * @param deviceId the e-seal or tracker on it
 * @param vehicle plate numbers of tractor and trailer, container number
 * @param routePlan the route plan
 */
public record MovementRequest(
        @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9./_-]+", message = "letters, digits and . / _ - only")
        String reference,

        @NotNull Long traderOrganisationId,
        @Nullable Long transporterOrganisationId,

        @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,64}", message = "must be 1-64 letters, digits, '.', '-' or '_'")
        String deviceId,

        @Nullable @Size(max = 128) String vehicle,
        @NotNull @Valid RoutePlanSpec routePlan) {}
