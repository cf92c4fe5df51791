package org.openects.server.movements;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

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
            @Min(10) @Max(100_000) double radiusMeters) {}
}
