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
 */
public record DeviceActivity(
        DeviceId deviceId,
        long highestCounter,
        Instant seenAt,
        @Nullable Integer batteryPercent) {}
