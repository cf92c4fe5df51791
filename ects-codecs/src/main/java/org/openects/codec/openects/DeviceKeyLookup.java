package org.openects.codec.openects;

import org.jspecify.annotations.Nullable;
import org.openects.domain.DeviceId;

/**
 * Where the decoder finds a device's signing key. Implementations must be safe to call from several threads and
 * fast: the decoder calls it once per message.
 */
@FunctionalInterface
public interface DeviceKeyLookup {

    /** The device's HMAC key (32 bytes in version 0), or {@code null} when the device is not registered. */
    byte @Nullable [] keyOf(DeviceId deviceId);
}
