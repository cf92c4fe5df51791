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

    /** All devices, or only those owned by one organisation. */
    List<Device> list(@org.jspecify.annotations.Nullable Long ownerOrganisationId);
}
