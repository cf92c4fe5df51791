package org.openects.server.devices;

/** Whether the platform takes messages from a device. */
public enum DeviceStatus {
    /** Registered and not revoked. */
    ACTIVE,
    /** Registered, but revoked (lost, stolen, retired): its messages are kept and refused. */
    REVOKED,
    /** Not registered: its messages are kept and refused, and it is listed for an administrator to register. */
    UNKNOWN
}
