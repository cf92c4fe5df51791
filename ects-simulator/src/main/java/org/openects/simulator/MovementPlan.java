package org.openects.simulator;

import java.util.List;
import java.util.Objects;
import org.openects.domain.DeviceId;
import org.openects.domain.GeoPosition;

/**
 * A movement for a simulated device to drive, as the platform's {@code POST /api/v1/movements} takes it: the customs
 * reference, the device, the vehicle and the route plan. The demo ({@code ./ects demo}) and {@code ./ects simulate} against a
 * platform both build theirs with {@link DemoFleet#movementPlan}.
 *
 * @param reference the customs document reference (letters, digits and {@code . / _ -})
 * @param deviceId the e-seal on it
 * @param vehicle plate numbers of tractor and trailer
 * @param routePlan where it may drive
 */
public record MovementPlan(String reference, DeviceId deviceId, String vehicle, RoutePlan routePlan) {

    public MovementPlan {
        Objects.requireNonNull(reference);
        Objects.requireNonNull(deviceId);
        Objects.requireNonNull(vehicle);
        Objects.requireNonNull(routePlan);
    }

    /**
     * A route plan: the corridor's centreline and full width, the origin and destination geofences and the longest
     * silence tolerated from the device.
     *
     * @param path the centreline, origin first
     * @param corridorWidthMeters full width of the corridor (half on each side)
     * @param origin the office of departure's geofence
     * @param destination the office of destination's geofence
     * @param maxReportingGapSeconds how long the device may stay silent before a reporting-gap alert
     */
    public record RoutePlan(
            List<GeoPosition> path,
            double corridorWidthMeters,
            Geofence origin,
            Geofence destination,
            int maxReportingGapSeconds) {

        public RoutePlan {
            path = List.copyOf(path);
            if (path.size() < 2) {
                throw new IllegalArgumentException("a corridor needs at least two points");
            }
            Objects.requireNonNull(origin);
            Objects.requireNonNull(destination);
        }

        /** The path as {@code [latitude, longitude]} pairs, as the API carries it. */
        public List<List<Double>> pathPairs() {
            return path.stream().map(p -> List.of(p.latitude(), p.longitude())).toList();
        }
    }

    /**
     * A circular geofence.
     *
     * @param name what it is (office, port, border post)
     * @param centre its centre
     * @param radiusMeters its radius
     */
    public record Geofence(String name, GeoPosition centre, double radiusMeters) {

        public Geofence {
            Objects.requireNonNull(name);
            Objects.requireNonNull(centre);
        }
    }
}
