package org.openects.server.devices;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.openects.domain.DeviceId;

/**
 * The latest accepted activity of one device within an ingest batch.
 *
 * @param deviceId the device
 * @param highestCounter the highest counter accepted so far
 * @param seenAt when its last message was received
 * @param batteryPercent its last reported battery, or {@code null}
 * @param seenBelowHighest the device's anti-replay window as {@link
 *     org.openects.codec.openects.ReplayWindow#seenBelowHighest()} gives it, relative to {@code highestCounter}, to be
 *     persisted with it; {@code null} to leave the persisted window as it is
 */
public record DeviceActivity(
        DeviceId deviceId,
        long highestCounter,
        Instant seenAt,
        @Nullable Integer batteryPercent,
        long @Nullable [] seenBelowHighest) {

    /** Activity without a replay window to persist. */
    public DeviceActivity(DeviceId deviceId, long highestCounter, Instant seenAt, @Nullable Integer batteryPercent) {
        this(deviceId, highestCounter, seenAt, batteryPercent, null);
    }
}
