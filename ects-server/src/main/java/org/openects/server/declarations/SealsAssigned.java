package org.openects.server.declarations;

import java.time.Instant;
import java.util.List;

/**
 * A seal request was approved (by an officer, or by the configured automatic rule) and devices from the provider's
 * stock were assigned to it. Published inside the storing transaction; the declaration's movement goes from {@code
 * SEALS_REQUESTED} to {@code SEALS_ASSIGNED} and carries these devices from then on.
 *
 * @param declarationId the declaration
 * @param requestId the seal request
 * @param providerOrganisationId the seal provider whose devices they are
 * @param devices the seals, then the tractor tracker if one was asked for
 * @param actor who approved: an officer's username, or {@code system:seal-requests} for the automatic rule
 * @param at when
 */
public record SealsAssigned(
        long declarationId,
        long requestId,
        long providerOrganisationId,
        List<AssignedDevice> devices,
        String actor,
        Instant at) {

    public SealsAssigned {
        devices = List.copyOf(devices);
    }

    /**
     * One device on the movement.
     *
     * @param deviceId its id
     * @param role what it does there
     */
    public record AssignedDevice(String deviceId, Role role) {}

    /** What an assigned device does on the movement. */
    public enum Role {
        /** An e-seal or e-lock on the container or the trailer's doors. */
        SEAL,
        /** The tractor's tracker (an AIS-140 unit, for example). */
        TRACKER
    }
}
