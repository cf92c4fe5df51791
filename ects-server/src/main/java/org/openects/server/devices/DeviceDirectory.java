package org.openects.server.devices;

import java.util.Collection;
import org.jspecify.annotations.Nullable;
import org.openects.codec.openects.ReplayWindow;
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

    /**
     * The device's anti-replay window as it was last persisted (its highest counter and, when the platform stored it,
     * the bitmap of the counters below it accepted already): buffered history within the window that the device sends
     * after a restart is still accepted once. A new window object at each call, for the caller to keep.
     */
    ReplayWindow replayWindow(DeviceId deviceId);

    /**
     * Persists the latest activity of several devices in one batch, in the caller's transaction (the ingress calls it in
     * each ingest batch's), with the replay window of each activity that carries one.
     */
    void recordActivity(Collection<DeviceActivity> activity);
}
