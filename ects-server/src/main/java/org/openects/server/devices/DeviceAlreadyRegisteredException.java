package org.openects.server.devices;

import org.openects.server.shared.ConflictException;

/** A device id that is already in the registry was registered again: 409 Conflict on the API. */
public class DeviceAlreadyRegisteredException extends ConflictException {

    public DeviceAlreadyRegisteredException(String deviceId) {
        super("device " + deviceId + " is already registered");
    }
}
