package org.openects.rules;

import org.jspecify.annotations.Nullable;
import org.openects.domain.GeoPosition;
import org.openects.domain.Report;

/**
 * One report as the rules see it: with its usable fix, the track it is replayed on and whether what it reveals is late.
 *
 * @param report the report
 * @param fix the report's position when it has a valid fix, otherwise {@code null}
 * @param track the track (latest or late) of the movement this report is compared with and updates
 * @param late whether events it raises are found out after the fact (buffered history or out of order)
 * @param plan the movement's route plan
 * @param state everything the monitor tracks of the movement (both tracks, the gap, the arrival)
 */
public record Observation(
        Report report,
        @Nullable GeoPosition fix,
        MovementTracking.Track track,
        boolean late,
        RoutePlan plan,
        MovementTracking state) {

    /** An event of {@code type} at this report's device time and fix, with the type's default severity. */
    public MonitoringEvent event(EventType type, String detail) {
        return MonitoringEvent.of(type, report.deviceTime(), fix, late, detail);
    }
}
