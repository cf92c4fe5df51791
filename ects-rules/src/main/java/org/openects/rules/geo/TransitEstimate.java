package org.openects.rules.geo;

import java.time.Duration;
import java.util.List;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicMask;
import org.openects.domain.GeoPosition;

/**
 * How long a route is and how long a vehicle takes to drive it: the geodesic length of the path on the WGS 84
 * ellipsoid, the driving time from a speed profile, and the rests the driver must take on the way.
 *
 * @param distanceMeters the path's length, the sum of the geodesic lengths of its segments
 * @param driving the time at the wheel
 * @param rests how many rests the driver takes: one per full driving block ({@link RestAllowance#afterDriving()})
 * @param transit driving plus the rests
 */
public record TransitEstimate(double distanceMeters, Duration driving, int rests, Duration transit) {

    /** The speed when a profile has no band: 50 km/h all the way. */
    public static final double DEFAULT_KMH = 50;

    /**
     * A band of a speed profile: up to {@code untilKm} kilometres from the start, the vehicle drives at {@code kmh}.
     * The last band of a profile runs to the route's end, whatever its {@code untilKm}.
     */
    public record SpeedBand(double untilKm, double kmh) {

        public SpeedBand {
            if (!(kmh > 0) || !Double.isFinite(kmh)) {
                throw new IllegalArgumentException("kmh must be a positive speed, got " + kmh);
            }
            if (!(untilKm > 0) || Double.isNaN(untilKm)) {
                throw new IllegalArgumentException("untilKm must be a positive distance, got " + untilKm);
            }
        }
    }

    /**
     * The driver's rest: after each {@code afterDriving} at the wheel, a rest of {@code rest}.
     *
     * @param afterDriving a full driving block (positive)
     * @param rest the rest after it (zero or more)
     */
    public record RestAllowance(Duration afterDriving, Duration rest) {

        /** 270 minutes of driving, then 45 minutes of rest (the usual rule for lorry drivers). */
        public static final RestAllowance DEFAULT = new RestAllowance(Duration.ofMinutes(270), Duration.ofMinutes(45));

        public RestAllowance {
            if (afterDriving.isNegative() || afterDriving.isZero()) {
                throw new IllegalArgumentException("afterDriving must be positive, got " + afterDriving);
            }
            if (rest.isNegative()) {
                throw new IllegalArgumentException("rest must not be negative, got " + rest);
            }
        }
    }

    /**
     * The estimate for a path.
     *
     * @param path at least two positions, in driving order
     * @param profile speed bands by increasing {@code untilKm}; empty for {@value #DEFAULT_KMH} km/h all the way
     * @throws IllegalArgumentException when the path has fewer than two positions or the bands are not increasing
     */
    public static TransitEstimate of(List<GeoPosition> path, List<SpeedBand> profile, RestAllowance allowance) {
        double meters = distanceMeters(path);
        Duration driving = drivingTime(meters, profile);
        long rests = driving.toNanos() / allowance.afterDriving().toNanos();
        return new TransitEstimate(
                meters,
                driving,
                Math.toIntExact(rests),
                driving.plus(allowance.rest().multipliedBy(rests)));
    }

    /**
     * The length of a path on WGS 84: the sum of the geodesic distances between consecutive positions.
     *
     * @throws IllegalArgumentException when the path has fewer than two positions
     */
    public static double distanceMeters(List<GeoPosition> path) {
        if (path.size() < 2) {
            throw new IllegalArgumentException("a path needs at least two positions, got " + path.size());
        }
        double meters = 0;
        for (int i = 1; i < path.size(); i++) {
            GeoPosition a = path.get(i - 1);
            GeoPosition b = path.get(i);
            meters += Geodesic.WGS84.Inverse(
                            a.latitude(), a.longitude(), b.latitude(), b.longitude(), GeodesicMask.DISTANCE)
                    .s12;
        }
        return meters;
    }

    /**
     * The time to drive {@code meters} through a speed profile: each band's stretch at its speed, the rest of the
     * route at the last band's speed.
     *
     * @throws IllegalArgumentException when the bands' {@code untilKm} do not increase
     */
    public static Duration drivingTime(double meters, List<SpeedBand> profile) {
        if (profile.isEmpty()) {
            return hours(meters / 1000 / DEFAULT_KMH);
        }
        double km = meters / 1000;
        double hours = 0;
        double from = 0;
        for (int i = 0; i < profile.size(); i++) {
            SpeedBand band = profile.get(i);
            if (i > 0 && band.untilKm() <= profile.get(i - 1).untilKm()) {
                throw new IllegalArgumentException(
                        "speed band " + i + " ends at " + band.untilKm() + " km, not after the band before it ("
                                + profile.get(i - 1).untilKm() + " km)");
            }
            boolean last = i == profile.size() - 1;
            double until = last ? Math.max(km, from) : Math.min(band.untilKm(), km);
            if (until > from) {
                hours += (until - from) / band.kmh();
                from = until;
            }
        }
        return hours(hours);
    }

    private static Duration hours(double hours) {
        return Duration.ofMillis(Math.round(hours * 3_600_000));
    }
}
