package org.openects.server.audit;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.openects.domain.GeoPosition;

/**
 * What the module that owns a movement knows about it, for the first pages of its report: the audit module does not
 * read movements itself.
 *
 * @param id the movement's number (the subject id of its audit entries)
 * @param reference the customs document
 * @param vehicle vehicle and container identification, if declared
 * @param state where the movement is in its life
 * @param startedAt when supervision started
 * @param endedAt when supervision ended, if the platform recorded it
 * @param trader the declaring trader's name
 * @param transporter the haulier's name, if declared
 * @param devices the devices on the movement, each described in one line
 * @param route the route plan
 */
public record MovementSummary(
        long id,
        String reference,
        @Nullable String vehicle,
        String state,
        Instant startedAt,
        @Nullable Instant endedAt,
        String trader,
        @Nullable String transporter,
        List<String> devices,
        Route route) {

    public MovementSummary {
        devices = List.copyOf(devices);
    }

    /**
     * A circular geofence.
     *
     * @param name what it is (office, port, border post)
     * @param position its centre
     * @param radiusMeters its radius
     */
    public record Place(String name, GeoPosition position, double radiusMeters) {}

    /**
     * A route plan.
     *
     * @param centreline the corridor's centreline, in order
     * @param corridorWidthMeters the corridor's full width (half on each side of the centreline)
     * @param origin the office of departure's geofence
     * @param destination the office of destination's geofence
     * @param maxReportingGapSeconds the longest tolerated silence of the device
     */
    public record Route(
            List<GeoPosition> centreline,
            double corridorWidthMeters,
            Place origin,
            Place destination,
            int maxReportingGapSeconds) {

        public Route {
            centreline = List.copyOf(centreline);
        }
    }
}
