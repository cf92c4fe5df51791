package org.openects.server.movements;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openects.domain.GeoPosition;
import org.openects.rules.RoutePlan;
import org.openects.rules.geo.Corridor;
import org.openects.rules.geo.Geofence;
import org.openects.rules.geo.GeofenceKind;

/**
 * A route plan as the API carries it: the corridor polyline and width, the origin and destination geofences and the
 * longest tolerated silence of the device.
 *
 * @param corridor the corridor
 * @param origin the office of departure's geofence
 * @param destination the office of destination's geofence
 * @param maxReportingGapSeconds how long the device may stay silent before a reporting-gap alert
 */
public record RoutePlanSpec(
        @NotNull @Valid CorridorSpec corridor,
        @NotNull @Valid GeofenceSpec origin,
        @NotNull @Valid GeofenceSpec destination,
        @Min(10) @Max(604_800) int maxReportingGapSeconds) {

    /**
     * The monitoring rules' own route plan. Movements are only stored when this succeeds, so the monitoring can always
     * build it.
     *
     * @throws IllegalArgumentException when the geometry cannot be monitored (fewer than two distinct corridor
     *     points, a point beyond ±85° latitude, a segment across the antimeridian)
     */
    public RoutePlan toRoutePlan() {
        List<GeoPosition> centreline = new ArrayList<>(corridor.path().size());
        for (List<Double> point : corridor.path()) {
            centreline.add(new GeoPosition(point.get(0), point.get(1)));
        }
        return new RoutePlan(
                new Corridor(centreline, corridor.widthMeters()),
                origin.toGeofence(GeofenceKind.ORIGIN),
                destination.toGeofence(GeofenceKind.DESTINATION),
                List.of(),
                Duration.ofSeconds(maxReportingGapSeconds));
    }

    /**
     * @param path the centreline: at least two {@code [latitude, longitude]} pairs
     * @param widthMeters full width of the corridor (half on each side of the centreline)
     */
    public record CorridorSpec(
            @NotNull @Size(min = 2, max = 100_000, message = "needs at least 2 points")
            List<@NotNull @Size(min = 2, max = 2, message = "must be [latitude, longitude]") List<@NotNull Double>>
                    path,

            @Min(20) @Max(100_000) double widthMeters) {}

    /**
     * A circular geofence.
     *
     * @param name what it is (office, port, border post)
     * @param latitude centre latitude
     * @param longitude centre longitude
     * @param radiusMeters radius
     */
    public record GeofenceSpec(
            @NotBlank @Size(max = 128) String name,
            @DecimalMin("-90") @DecimalMax("90") double latitude,
            @DecimalMin("-180") @DecimalMax("180") double longitude,
            @Min(10) @Max(100_000) double radiusMeters) {

        Geofence toGeofence(GeofenceKind kind) {
            return new Geofence.Circle(name, kind, new GeoPosition(latitude, longitude), radiusMeters);
        }
    }
}
