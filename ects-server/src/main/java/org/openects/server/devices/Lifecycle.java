package org.openects.server.devices;

/** Where a device is in its life, from the provider's stock to its return. */
public enum Lifecycle {
    IN_STOCK,
    ASSIGNED,
    ARMED,
    REMOVED,
    RETURNED,
    LOST,
    MAINTENANCE
}
