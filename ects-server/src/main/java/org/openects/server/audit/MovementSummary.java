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
 * @param state where the movement is in its lifecycle (a state of the movements module's {@code MovementState})
 * @param startedAt when supervision started
 * @param endedAt when supervision ended, if the platform recorded it
 * @param trader the declaring trader's name
 * @param transporter the haulier's name, if declared
 * @param devices the devices on the movement, each described in one line
 * @param route the route plan
 * @param endReason how supervision ended (where it was released, why it was cancelled), if it has
 * @param custody the chain of custody, in the order the steps were recorded
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
        Route route,
        @Nullable String endReason,
        List<Custody> custody) {

    public MovementSummary {
        devices = List.copyOf(devices);
        custody = List.copyOf(custody);
    }

    /** A movement with no recorded end reason and no custody step. */
    public MovementSummary(
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
        this(id, reference, vehicle, state, startedAt, endedAt, trader, transporter, devices, route, null, List.of());
    }

    /**
     * A step of the chain of custody, as an officer recorded it.
     *
     * @param id its number
     * @param at when it was recorded
     * @param kind {@code ARMED}, {@code VERIFIED}, {@code HANDOVER} or {@code RELEASED}
     * @param officer the officer's username
     * @param organisation the officer's organisation, described
     * @param place where
     * @param fromParty who handed the goods over
     * @param toParty who took custody
     * @param seals the seals checked with the state found, in one line
     * @param note what the officer wrote
     * @param photos the photos taken
     */
    public record Custody(
            long id,
            Instant at,
            String kind,
            String officer,
            @Nullable String organisation,
            String place,
            @Nullable String fromParty,
            @Nullable String toParty,
            String seals,
            @Nullable String note,
            List<Photo> photos) {

        public Custody {
            photos = List.copyOf(photos);
        }
    }

    /**
     * A photo of a custody step.
     *
     * @param sha256 lowercase hex SHA-256 of its exact bytes
     * @param contentType its media type
     * @param sizeBytes its size
     * @param width its width in pixels
     * @param height its height in pixels
     * @param thumbnailJpeg its thumbnail as JPEG, if the platform holds it
     */
    public record Photo(
            String sha256,
            String contentType,
            long sizeBytes,
            int width,
            int height,
            byte @Nullable [] thumbnailJpeg) {}

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
     * @param estimatedDistanceMeters the geodesic length of the path (WGS 84), if the platform estimated it
     * @param estimatedTransitSeconds the estimated transit time (speed profile plus driver rests), if estimated
     * @param timeLimit by when the movement must arrive, if set
     */
    public record Route(
            List<GeoPosition> centreline,
            double corridorWidthMeters,
            Place origin,
            Place destination,
            int maxReportingGapSeconds,
            @Nullable Double estimatedDistanceMeters,
            @Nullable Long estimatedTransitSeconds,
            @Nullable Instant timeLimit) {

        public Route {
            centreline = List.copyOf(centreline);
        }

        /** A route without estimates or time limit. */
        public Route(
                List<GeoPosition> centreline,
                double corridorWidthMeters,
                Place origin,
                Place destination,
                int maxReportingGapSeconds) {
            this(centreline, corridorWidthMeters, origin, destination, maxReportingGapSeconds, null, null, null);
        }
    }
}
