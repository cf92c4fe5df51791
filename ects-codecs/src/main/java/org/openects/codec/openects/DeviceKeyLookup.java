package org.openects.codec.openects;

import org.jspecify.annotations.Nullable;
import org.openects.domain.DeviceId;

/**
 * Where the decoder finds a device's signing key. Implementations must be safe to call from several threads and
 * fast: the decoder calls it once per message.
 *
 * <p>During an in-band key rotation (protocol section 6.2) a device has a <em>pending</em> key beside its current
 * one. The verifying codec tries the pending key only for a message that failed under the current key, and reports
 * the first success with {@link #pendingKeyProven}; lookups without rotations keep the defaults.
 */
@FunctionalInterface
public interface DeviceKeyLookup {

    /** The device's HMAC key (32 bytes in version 0), or {@code null} when the device is not registered. */
    byte @Nullable [] keyOf(DeviceId deviceId);

    /** The key an open in-band rotation will make current, or {@code null} when no rotation is open. */
    default byte @Nullable [] pendingKeyOf(DeviceId deviceId) {
        return null;
    }

    /**
     * A message of the device verified under its pending key {@code key}: the device holds it, so it becomes the
     * device's current key. Implementations switch before returning (the next message verifies under it) and must not
     * block; a {@code key} that is no longer pending is ignored.
     */
    default void pendingKeyProven(DeviceId deviceId, byte[] key) {}
}
