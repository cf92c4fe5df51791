package org.openects.server.movements;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The live status of a movement as the monitoring knows it.
 *
 * @param lastReportAt device time of the latest live report, or {@code null} before the first
 * @param latitude latest position
 * @param longitude latest position
 * @param seal latest seal state
 * @param insideCorridor whether the latest position is inside the corridor
 * @param openAlerts alerts not yet resolved
 */
public record MovementStatus(
        @Nullable Instant lastReportAt,
        @Nullable Double latitude,
        @Nullable Double longitude,
        @Nullable String seal,
        boolean insideCorridor,
        int openAlerts) {

    public static final MovementStatus NONE = new MovementStatus(null, null, null, null, true, 0);
}
