package org.openects.rules;

import java.time.Duration;
import java.util.List;
import org.openects.rules.geo.Corridor;
import org.openects.rules.geo.Geofence;
import org.openects.rules.geo.GeofenceKind;

/**
 * What a movement is monitored against: where it may drive, where it starts and ends, the other places that matter on
 * the way, and how long the device may stay silent.
 *
 * @param corridor the band around the route the vehicle must stay in
 * @param origin the geofence of kind {@link GeofenceKind#ORIGIN}
 * @param destination the geofence of kind {@link GeofenceKind#DESTINATION}; the seal may be opened there
 * @param geofences authorised stops, border posts and restricted zones; may be empty
 * @param maxReportingGap how long nothing may arrive from the device before a reporting gap is declared
 * @throws IllegalArgumentException when a geofence has the wrong kind or the reporting gap is not positive
 */
public record RoutePlan(
        Corridor corridor, Geofence origin, Geofence destination, List<Geofence> geofences, Duration maxReportingGap) {

    public RoutePlan {
        if (origin.kind() != GeofenceKind.ORIGIN) {
            throw new IllegalArgumentException("origin must be a geofence of kind ORIGIN, got " + origin.kind());
        }
        if (destination.kind() != GeofenceKind.DESTINATION) {
            throw new IllegalArgumentException(
                    "destination must be a geofence of kind DESTINATION, got " + destination.kind());
        }
        geofences = List.copyOf(geofences);
        for (int i = 0; i < geofences.size(); i++) {
            GeofenceKind kind = geofences.get(i).kind();
            if (kind == GeofenceKind.ORIGIN || kind == GeofenceKind.DESTINATION) {
                throw new IllegalArgumentException("geofences[" + i + "] must not be of kind " + kind
                        + ": the origin and the destination have their own fields");
            }
        }
        if (maxReportingGap.isNegative() || maxReportingGap.isZero()) {
            throw new IllegalArgumentException("maxReportingGap must be positive, got " + maxReportingGap);
        }
    }
}
