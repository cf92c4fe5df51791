package org.openects.server.movements;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A movement: the journey of goods under one customs document, from its declaration to its close.
 *
 * @param id its number
 * @param reference the customs document (the declaration's reference, an MRN)
 * @param traderOrganisationId the trader that declared it
 * @param transporterOrganisationId the haulier, if known
 * @param devices the devices on it (seals, perhaps a tractor tracker); empty before assignment
 * @param vehicle vehicle and container identification
 * @param state where it is in its lifecycle
 * @param routePlan its route plan
 * @param createdAt when it was created (declared, or started directly)
 * @param endedAt when supervision ended (seals removed, closed or cancelled), if it has
 * @param endedBy who ended it (username)
 * @param endReason why: where the seals were removed, or what the person who cancelled it wrote
 * @param declarationId the declaration it was created from; {@code null} for a movement started directly
 * @param timeLimit by when it must arrive, if set
 * @param departureOffice the office of departure's code, if known
 * @param destinationOffice the office of destination's code, if known
 * @param estimatedDistanceMeters the geodesic length of its route plan's path
 * @param estimatedTransitSeconds the estimated transit time (speed profile plus rests)
 * @param stateSince when it entered its current state
 */
public record Movement(
        long id,
        String reference,
        long traderOrganisationId,
        @Nullable Long transporterOrganisationId,
        List<MovementDevice> devices,
        @Nullable String vehicle,
        MovementState state,
        RoutePlanSpec routePlan,
        Instant createdAt,
        @Nullable Instant endedAt,
        @Nullable String endedBy,
        @Nullable String endReason,
        @Nullable Long declarationId,
        @Nullable Instant timeLimit,
        @Nullable String departureOffice,
        @Nullable String destinationOffice,
        @Nullable Double estimatedDistanceMeters,
        @Nullable Long estimatedTransitSeconds,
        Instant stateSince) {

    public Movement {
        devices = List.copyOf(devices);
    }

    /** The first seal, else the first device; {@code null} before devices are assigned. */
    public @Nullable String deviceId() {
        for (MovementDevice device : devices) {
            if (device.role() == MovementDevice.Role.SEAL) {
                return device.deviceId();
            }
        }
        return devices.isEmpty() ? null : devices.getFirst().deviceId();
    }

    /**
     * The device that stands for the movement where one is needed (monitoring's partition, event rows): {@link
     * #deviceId()}.
     *
     * @throws IllegalStateException when it has no device (only a movement that is not yet supervised)
     */
    public String primaryDeviceId() {
        String device = deviceId();
        if (device == null) {
            throw new IllegalStateException("movement " + reference + " has no device");
        }
        return device;
    }

    public String originName() {
        return routePlan.origin().name();
    }

    public String destinationName() {
        return routePlan.destination().name();
    }

    /** This movement in another state, entered at {@code at}; the end fields set when the state ends supervision. */
    public Movement withState(MovementState next, Instant at, String actor, String reason) {
        boolean ends = next.terminal() || next == MovementState.REMOVED;
        boolean ended = endedAt != null;
        return new Movement(
                id,
                reference,
                traderOrganisationId,
                transporterOrganisationId,
                devices,
                vehicle,
                next,
                routePlan,
                createdAt,
                ends && !ended ? at : endedAt,
                ends && !ended ? actor : endedBy,
                ends && !ended ? reason : endReason,
                declarationId,
                timeLimit,
                departureOffice,
                destinationOffice,
                estimatedDistanceMeters,
                estimatedTransitSeconds,
                at);
    }

    /** This movement with other devices. */
    public Movement withDevices(List<MovementDevice> assigned) {
        return new Movement(
                id,
                reference,
                traderOrganisationId,
                transporterOrganisationId,
                assigned,
                vehicle,
                state,
                routePlan,
                createdAt,
                endedAt,
                endedBy,
                endReason,
                declarationId,
                timeLimit,
                departureOffice,
                destinationOffice,
                estimatedDistanceMeters,
                estimatedTransitSeconds,
                stateSince);
    }
}
