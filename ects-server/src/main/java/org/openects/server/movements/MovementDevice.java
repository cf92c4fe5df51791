package org.openects.server.movements;

/**
 * A device on a movement.
 *
 * @param deviceId the device
 * @param role what it does there
 */
public record MovementDevice(String deviceId, Role role) {

    /** What a device does on a movement. */
    public enum Role {
        /** An e-seal on a container or trailer door. */
        SEAL,
        /** A tracker on the tractor (an AIS-140 unit, for instance). */
        TRACKER
    }
}
