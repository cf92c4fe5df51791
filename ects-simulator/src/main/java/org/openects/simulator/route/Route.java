package org.openects.simulator.route;

import java.util.Arrays;
import java.util.List;
import org.openects.domain.GeoPosition;

/**
 * A polyline with distances along it: where a vehicle is after driving some kilometres, and where it is when it has
 * left the line sideways. Great-circle distances on a sphere of the Earth's mean radius (good to about 0.5 %).
 * Immutable and thread safe.
 */
public final class Route {

    /** Mean Earth radius (IUGG), km. */
    public static final double EARTH_RADIUS_KM = 6371.0088;

    private final List<GeoPosition> points;
    private final double[] cumulativeKm;

    private Route(List<GeoPosition> points) {
        if (points.size() < 2) {
            throw new IllegalArgumentException("a route needs at least two points, got " + points.size());
        }
        this.points = List.copyOf(points);
        this.cumulativeKm = new double[points.size()];
        for (int i = 1; i < points.size(); i++) {
            cumulativeKm[i] = cumulativeKm[i - 1] + distanceKm(points.get(i - 1), points.get(i));
        }
    }

    public static Route of(List<GeoPosition> points) {
        return new Route(points);
    }

    public List<GeoPosition> points() {
        return points;
    }

    public double lengthKm() {
        return cumulativeKm[cumulativeKm.length - 1];
    }

    /** The point {@code km} along the route, clamped to its ends. */
    public GeoPosition positionAt(double km) {
        int segment = segmentAt(km);
        double segmentLength = cumulativeKm[segment + 1] - cumulativeKm[segment];
        double fraction = segmentLength == 0 ? 0 : (clamp(km) - cumulativeKm[segment]) / segmentLength;
        return interpolate(points.get(segment), points.get(segment + 1), fraction);
    }

    /** Direction of travel {@code km} along the route, degrees clockwise from north. */
    public double bearingAt(double km) {
        int segment = segmentAt(km);
        return bearing(points.get(segment), points.get(segment + 1));
    }

    /**
     * The point {@code lateralKm} to the side of the route at {@code km}: positive to the right of the direction of
     * travel, negative to the left.
     */
    public GeoPosition offsetAt(double km, double lateralKm) {
        GeoPosition onRoute = positionAt(km);
        if (lateralKm == 0) {
            return onRoute;
        }
        return destination(onRoute, bearingAt(km) + 90, lateralKm);
    }

    /** The shortest distance from {@code position} to the route line, km. */
    public double distanceFromRouteKm(GeoPosition position) {
        double best = Double.MAX_VALUE;
        for (int i = 0; i + 1 < points.size(); i++) {
            best = Math.min(best, distanceToSegmentKm(position, points.get(i), points.get(i + 1)));
        }
        return best;
    }

    private int segmentAt(double km) {
        double at = clamp(km);
        int index = Arrays.binarySearch(cumulativeKm, at);
        int segment = index >= 0 ? index : -index - 2;
        return Math.max(0, Math.min(segment, points.size() - 2));
    }

    private double clamp(double km) {
        return Math.max(0, Math.min(km, lengthKm()));
    }

    /** Great-circle distance, km. */
    public static double distanceKm(GeoPosition a, GeoPosition b) {
        double lat1 = Math.toRadians(a.latitude());
        double lat2 = Math.toRadians(b.latitude());
        double dLat = lat2 - lat1;
        double dLon = Math.toRadians(b.longitude() - a.longitude());
        double h = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    /** Initial bearing from {@code a} to {@code b}, degrees clockwise from north. */
    public static double bearing(GeoPosition a, GeoPosition b) {
        double lat1 = Math.toRadians(a.latitude());
        double lat2 = Math.toRadians(b.latitude());
        double dLon = Math.toRadians(b.longitude() - a.longitude());
        double y = Math.sin(dLon) * Math.cos(lat2);
        double x = Math.cos(lat1) * Math.sin(lat2) - Math.sin(lat1) * Math.cos(lat2) * Math.cos(dLon);
        return (Math.toDegrees(Math.atan2(y, x)) + 360) % 360;
    }

    /** The point {@code km} from {@code start} on the given initial bearing. */
    public static GeoPosition destination(GeoPosition start, double bearingDegrees, double km) {
        double delta = km / EARTH_RADIUS_KM;
        double theta = Math.toRadians(bearingDegrees);
        double lat1 = Math.toRadians(start.latitude());
        double lon1 = Math.toRadians(start.longitude());
        double lat2 = Math.asin(Math.sin(lat1) * Math.cos(delta) + Math.cos(lat1) * Math.sin(delta) * Math.cos(theta));
        double lon2 = lon1
                + Math.atan2(
                        Math.sin(theta) * Math.sin(delta) * Math.cos(lat1),
                        Math.cos(delta) - Math.sin(lat1) * Math.sin(lat2));
        double lon = (Math.toDegrees(lon2) + 540) % 360 - 180;
        return new GeoPosition(Math.toDegrees(lat2), lon);
    }

    private static GeoPosition interpolate(GeoPosition a, GeoPosition b, double fraction) {
        return new GeoPosition(
                a.latitude() + (b.latitude() - a.latitude()) * fraction,
                a.longitude() + (b.longitude() - a.longitude()) * fraction);
    }

    /** Point-to-segment distance in a local equirectangular projection around the point (segments are short). */
    private static double distanceToSegmentKm(GeoPosition p, GeoPosition a, GeoPosition b) {
        double kmPerDegree = Math.toRadians(EARTH_RADIUS_KM);
        double cosLat = Math.cos(Math.toRadians(p.latitude()));
        double ax = (a.longitude() - p.longitude()) * cosLat * kmPerDegree;
        double ay = (a.latitude() - p.latitude()) * kmPerDegree;
        double bx = (b.longitude() - p.longitude()) * cosLat * kmPerDegree;
        double by = (b.latitude() - p.latitude()) * kmPerDegree;
        double dx = bx - ax;
        double dy = by - ay;
        double lengthSquared = dx * dx + dy * dy;
        double t = lengthSquared == 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / lengthSquared));
        return Math.hypot(ax + t * dx, ay + t * dy);
    }
}
