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
import org.jspecify.annotations.Nullable;
import org.openects.domain.GeoPosition;
import org.openects.rules.RoutePlan;
import org.openects.rules.geo.Corridor;
import org.openects.rules.geo.Geofence;
import org.openects.rules.geo.GeofenceKind;
import org.openects.rules.geo.TransitEstimate;

/**
 * A route plan as the API carries it: the corridor polyline and width, the origin and destination geofences, the
 * geofences on the way (border posts, authorised stops, restricted zones), the corridor of the route library it comes
 * from, the speed profile and rest allowance of its transit estimate, and the longest tolerated silence of the device.
 *
 * @param corridor the corridor
 * @param origin the office of departure's geofence
 * @param destination the office of destination's geofence
 * @param maxReportingGapSeconds how long the device may stay silent before a reporting-gap alert
 * @param borderPosts the border posts on the way, in route order
 * @param authorisedStops where the vehicle may stop, each with its longest allowed stay
 * @param restrictedZones areas the vehicle must not enter (circles or polygons)
 * @param corridorId the route library's corridor the path comes from, if any
 * @param corridorVersion that corridor's version
 * @param speedProfile speed bands by increasing distance from the start; empty for 50 km/h all the way
 * @param restAllowance the driver's rests; {@code null} for 45 minutes after every 270 minutes of driving
 */
public record RoutePlanSpec(
        @NotNull @Valid CorridorSpec corridor,
        @NotNull @Valid GeofenceSpec origin,
        @NotNull @Valid GeofenceSpec destination,
        @Min(10) @Max(604_800) int maxReportingGapSeconds,
        @Nullable @Size(max = 50) List<@Valid @NotNull GeofenceSpec> borderPosts,
        @Nullable @Size(max = 200) List<@Valid @NotNull StopSpec> authorisedStops,
        @Nullable @Size(max = 200) List<@Valid @NotNull ZoneSpec> restrictedZones,
        @Nullable @Size(max = 64) String corridorId,
        @Nullable @Min(1) Integer corridorVersion,
        @Nullable @Size(max = 20) List<@Valid @NotNull SpeedBandSpec> speedProfile,
        @Nullable @Valid RestSpec restAllowance) {

    public RoutePlanSpec {
        borderPosts = borderPosts == null ? List.of() : List.copyOf(borderPosts);
        authorisedStops = authorisedStops == null ? List.of() : List.copyOf(authorisedStops);
        restrictedZones = restrictedZones == null ? List.of() : List.copyOf(restrictedZones);
        speedProfile = speedProfile == null ? List.of() : List.copyOf(speedProfile);
    }

    /** A plan with a corridor, origin and destination only. */
    public RoutePlanSpec(
            CorridorSpec corridor, GeofenceSpec origin, GeofenceSpec destination, int maxReportingGapSeconds) {
        this(corridor, origin, destination, maxReportingGapSeconds, null, null, null, null, null, null, null);
    }

    /**
     * The monitoring rules' own route plan, with every geofence of this plan. Movements are only stored when this
     * succeeds, so the monitoring can always build it.
     *
     * @throws IllegalArgumentException when the geometry cannot be monitored (fewer than two distinct corridor
     *     points, a point beyond ±85° latitude, a segment across the antimeridian, a zone that is not a simple polygon)
     */
    public RoutePlan toRoutePlan() {
        return new RoutePlan(
                new Corridor(centreline(), corridor.widthMeters()),
                origin.toGeofence(GeofenceKind.ORIGIN),
                destination.toGeofence(GeofenceKind.DESTINATION),
                geofences(),
                Duration.ofSeconds(maxReportingGapSeconds));
    }

    /** The geofences on the way as the rules take them: border posts, authorised stops, then restricted zones. */
    public List<Geofence> geofences() {
        List<Geofence> all = new ArrayList<>();
        for (GeofenceSpec post : borderPosts) {
            all.add(post.toGeofence(GeofenceKind.BORDER_POST));
        }
        for (StopSpec stop : authorisedStops) {
            all.add(new Geofence.Circle(
                    stop.name(),
                    GeofenceKind.AUTHORISED_STOP,
                    new GeoPosition(stop.latitude(), stop.longitude()),
                    stop.radiusMeters()));
        }
        for (ZoneSpec zone : restrictedZones) {
            all.add(zone.toGeofence());
        }
        return all;
    }

    /** The corridor's centreline. */
    public List<GeoPosition> centreline() {
        List<GeoPosition> centreline = new ArrayList<>(corridor.path().size());
        for (List<Double> point : corridor.path()) {
            centreline.add(new GeoPosition(point.get(0), point.get(1)));
        }
        return centreline;
    }

    /**
     * The path's geodesic length on WGS 84 and the transit time from the speed profile plus the rest allowance.
     *
     * @throws IllegalArgumentException when the speed bands do not increase
     */
    public TransitEstimate estimate() {
        List<TransitEstimate.SpeedBand> bands = new ArrayList<>();
        for (SpeedBandSpec band : speedProfile) {
            bands.add(new TransitEstimate.SpeedBand(band.untilKm(), band.kmh()));
        }
        TransitEstimate.RestAllowance rests = restAllowance == null
                ? TransitEstimate.RestAllowance.DEFAULT
                : new TransitEstimate.RestAllowance(
                        Duration.ofMinutes(restAllowance.afterDrivingMinutes()),
                        Duration.ofMinutes(restAllowance.restMinutes()));
        return TransitEstimate.of(centreline(), bands, rests);
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

    /**
     * An authorised stop: a circle where the vehicle may stop for at most {@code maxStayMinutes}.
     *
     * @param maxStayMinutes the longest allowed stay (kept with the plan and shown; the rules do not time stays)
     */
    public record StopSpec(
            @NotBlank @Size(max = 128) String name,
            @DecimalMin("-90") @DecimalMax("90") double latitude,
            @DecimalMin("-180") @DecimalMax("180") double longitude,
            @Min(10) @Max(100_000) double radiusMeters,
            @Min(1) @Max(10_080) int maxStayMinutes) {}

    /**
     * A restricted zone: a circle ({@code latitude}, {@code longitude}, {@code radiusMeters}) or a polygon ({@code
     * polygon}: at least three {@code [latitude, longitude]} pairs), not both.
     */
    public record ZoneSpec(
            @NotBlank @Size(max = 128) String name,
            @Nullable @DecimalMin("-90") @DecimalMax("90") Double latitude,
            @Nullable @DecimalMin("-180") @DecimalMax("180") Double longitude,
            @Nullable @Min(10) @Max(100_000) Double radiusMeters,

            @Nullable @Size(min = 3, max = 10_000, message = "needs at least 3 points")
            List<@NotNull @Size(min = 2, max = 2, message = "must be [latitude, longitude]") List<@NotNull Double>>
                    polygon) {

        /**
         * @throws IllegalArgumentException when it is neither a whole circle nor a polygon, or both
         */
        public Geofence toGeofence() {
            boolean circle = latitude != null && longitude != null && radiusMeters != null;
            if (circle == (polygon != null)) {
                throw new IllegalArgumentException("restricted zone " + name
                        + " must be either a circle (latitude, longitude, radiusMeters) or a polygon, not "
                        + (circle ? "both" : "neither"));
            }
            if (circle) {
                return new Geofence.Circle(
                        name, GeofenceKind.RESTRICTED_ZONE, new GeoPosition(latitude, longitude), radiusMeters);
            }
            List<GeoPosition> ring = new ArrayList<>(polygon.size());
            for (List<Double> point : polygon) {
                ring.add(new GeoPosition(point.get(0), point.get(1)));
            }
            return new Geofence.Polygon(name, GeofenceKind.RESTRICTED_ZONE, ring);
        }
    }

    /**
     * A band of the speed profile.
     *
     * @param untilKm up to this distance from the start (the last band runs to the end)
     * @param kmh the speed in the band
     */
    public record SpeedBandSpec(
            @DecimalMin(value = "0", inclusive = false) @DecimalMax("100000")
            double untilKm,

            @DecimalMin(value = "0", inclusive = false) @DecimalMax("200")
            double kmh) {}

    /**
     * The driver's rests: {@code restMinutes} after each {@code afterDrivingMinutes} at the wheel.
     */
    public record RestSpec(
            @Min(1) @Max(1440) int afterDrivingMinutes,
            @Min(0) @Max(1440) int restMinutes) {}
}
