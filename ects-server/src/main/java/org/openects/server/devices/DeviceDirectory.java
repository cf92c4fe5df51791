package org.openects.server.devices;

import java.util.Collection;
import org.jspecify.annotations.Nullable;
import org.openects.domain.DeviceId;

/**
 * What the ingress needs from the registry, answered from memory: the key a device signs with and the highest
 * counter accepted from it, and a batched write of the latest activity. No per-report database round trip.
 */
public interface DeviceDirectory {

    /** The device's current HMAC key, or {@code null} when no such device is registered. */
    byte @Nullable [] keyOf(DeviceId deviceId);

    /** Whether the device is registered, and not revoked. */
    DeviceStatus statusOf(DeviceId deviceId);

    /** The highest counter accepted from the device and persisted, or {@code 0} when none. */
    long persistedCounter(DeviceId deviceId);

    /** Persists the latest activity of several devices in one batch (called by the ingress after each batch). */
    void recordActivity(Collection<DeviceActivity> activity);
}
