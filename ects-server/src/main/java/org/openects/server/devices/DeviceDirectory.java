package org.openects.server.devices;

import java.util.Collection;
import org.jspecify.annotations.Nullable;
import org.openects.domain.DeviceId;

/**
 * What the ingress needs from the registry, answered from memory: the key a device signs with (and its pending key
 * during an in-band rotation), the protocol and payload format it is registered for, whether it is revoked, the
 * highest counter accepted from it, and a batched write of the latest activity.
 * No per-report database round trip.
 */
public interface DeviceDirectory {

    /** The device's current HMAC key, or {@code null} when no such device is registered. */
    byte @Nullable [] keyOf(DeviceId deviceId);

    /**
     * The key an open in-band rotation (device protocol section 6.2) will make current, or {@code null} when none is
     * open. Messages verify under the current key, and under this one while the rotation is open.
     */
    byte @Nullable [] pendingKeyOf(DeviceId deviceId);

    /**
     * A message of the device verified under its pending key {@code key}: it becomes the device's current key at once
     * (the old one is kept, disabled, for archived messages). Never blocks: the change is persisted and audited in the
     * background. Ignored when {@code key} is no longer the device's pending key.
     */
    void pendingKeyProven(DeviceId deviceId, byte[] key);

    /** Whether the device is registered, and not revoked. */
    DeviceStatus statusOf(DeviceId deviceId);

    /**
     * The protocol the device is registered for and its payload format (Iridium), or {@code null} when no such device
     * is registered. From memory: no database round trip.
     */
    @Nullable
    DeviceProfile profileOf(DeviceId deviceId);

    /** The highest counter accepted from the device and persisted, or {@code 0} when none. */
    long persistedCounter(DeviceId deviceId);

    /** Persists the latest activity of several devices in one batch (called by the ingress after each batch). */
    void recordActivity(Collection<DeviceActivity> activity);
}
