package org.openects.server.devices;

import java.util.List;
import java.util.Optional;

/** The device registry: register devices, rotate their keys, list them. */
public interface DeviceRegistry {

    /**
     * Registers a device with a fresh key.
     *
     * @throws DeviceAlreadyRegisteredException when the id is taken
     */
    RegisteredDevice register(DeviceRegistration registration, String actor);

    /** Replaces the device's key with a fresh one; the old key stops verifying at once. */
    Optional<RegisteredDevice> rotateKey(String deviceId, String actor);

    Optional<Device> find(String deviceId);

    /**
     * Registers several devices at once, all or none (bulk import).
     *
     * @throws org.openects.server.shared.InvalidFieldException naming the first bad line when one is invalid or
     *     already registered
     */
    List<RegisteredDevice> registerAll(List<DeviceRegistration> registrations, String actor);

    /** Revokes the device: its messages are kept and refused from now on. Empty when there is no such device. */
    Optional<Device> revoke(String deviceId, String reason, String actor);

    /** Moves the device to another lifecycle state. Empty when there is no such device. */
    Optional<Device> changeLifecycle(String deviceId, Lifecycle lifecycle, String actor);

    /** All devices, or only those owned by one organisation. */
    List<Device> list(@org.jspecify.annotations.Nullable Long ownerOrganisationId);
}
