package org.openects.rules.geo;

import java.util.ArrayList;
import java.util.List;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicMask;
import org.locationtech.jts.algorithm.locate.PointOnGeometryLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.geom.prep.PreparedPolygon;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.openects.domain.GeoPosition;

/** A named area of a route plan: an office, a border post, a stop, a zone to avoid. Immutable, thread safe. */
public sealed interface Geofence permits Geofence.Circle, Geofence.Polygon {

    String name();

    GeofenceKind kind();

    /** Whether {@code position} lies inside the area or on its edge. */
    boolean contains(GeoPosition position);

    /**
     * The points within {@code radiusMeters} (geodesic distance) of {@code centre}.
     *
     * @throws IllegalArgumentException when the name is blank or the radius is not a positive number of metres
     */
    record Circle(String name, GeofenceKind kind, GeoPosition centre, double radiusMeters) implements Geofence {

        public Circle {
            requireName(name);
            if (!(radiusMeters > 0) || !Double.isFinite(radiusMeters)) {
                throw new IllegalArgumentException(
                        "radiusMeters must be a positive number of metres, got " + radiusMeters);
            }
        }

        /** Below this latitude, in degrees, nearby points are settled in the local frame without a geodesic solve. */
        private static final double LOCAL_FRAME_MAX_LATITUDE = 80;

        @Override
        public boolean contains(GeoPosition position) {
            double latitudeGap = Math.abs(position.latitude() - centre.latitude());
            if (Math.toRadians(latitudeGap) * Ellipsoid.MIN_MERIDIONAL_RADIUS > radiusMeters) {
                return false; // no path between the two parallels is shorter than the meridian arc
            }
            if (Math.abs(centre.latitude()) <= LOCAL_FRAME_MAX_LATITUDE
                    && Math.abs(position.latitude()) <= LOCAL_FRAME_MAX_LATITUDE) {
                double approximate = Ellipsoid.midLatitudeDistance(
                        centre.latitude(), centre.longitude(), position.latitude(), position.longitude());
                if (approximate <= Corridor.LOCAL_FRAME_LIMIT_METERS) {
                    double tolerance = Corridor.localFrameTolerance(approximate);
                    if (approximate + tolerance < radiusMeters) {
                        return true;
                    }
                    if (approximate - tolerance > radiusMeters) {
                        return false;
                    }
                }
            }
            return Geodesic.WGS84.Inverse(
                                    centre.latitude(),
                                    centre.longitude(),
                                    position.latitude(),
                                    position.longitude(),
                                    GeodesicMask.DISTANCE)
                            .s12
                    <= radiusMeters;
        }
    }

    /**
     * The area enclosed by {@code ring}, whose edges are straight lines in latitude and longitude (which, at the scale
     * of a yard or a border post, is within centimetres of the geodesic).
     */
    final class Polygon implements Geofence {

        private static final GeometryFactory GEOMETRY = new GeometryFactory();

        private final String name;
        private final GeofenceKind kind;
        private final List<GeoPosition> ring;
        private final PointOnGeometryLocator locator;

        /**
         * A polygon through {@code ring}; the ring may be given closed (last point equal to the first) or open.
         *
         * @throws IllegalArgumentException when the name is blank, the ring has fewer than three distinct points,
         *     crosses itself or the antimeridian
         */
        public Polygon(String name, GeofenceKind kind, List<GeoPosition> ring) {
            requireName(name);
            this.name = name;
            this.kind = kind;
            this.ring = List.copyOf(ring);
            List<Coordinate> coordinates = new ArrayList<>(ring.size() + 1);
            for (GeoPosition point : this.ring) {
                if (!coordinates.isEmpty() && Math.abs(coordinates.getLast().x - point.longitude()) > 180) {
                    throw new IllegalArgumentException(
                            "ring must not cross the antimeridian, at point " + coordinates.size());
                }
                coordinates.add(new Coordinate(point.longitude(), point.latitude()));
            }
            if (coordinates.size() > 1 && coordinates.getFirst().equals2D(coordinates.getLast())) {
                coordinates.removeLast();
            }
            if (coordinates.stream().distinct().count() < 3) {
                throw new IllegalArgumentException("ring needs at least 3 distinct points, got " + ring.size());
            }
            coordinates.add(coordinates.getFirst());
            var polygon = GEOMETRY.createPolygon(coordinates.toArray(Coordinate[]::new));
            var validity = new IsValidOp(polygon).getValidationError();
            if (validity != null) {
                throw new IllegalArgumentException("ring must be a simple polygon: " + validity.getMessage()
                        + " near latitude " + validity.getCoordinate().y + ", longitude "
                        + validity.getCoordinate().x);
            }
            PreparedGeometry prepared = PreparedGeometryFactory.prepare(polygon);
            this.locator = ((PreparedPolygon) prepared).getPointLocator();
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public GeofenceKind kind() {
            return kind;
        }

        /** The ring as given. */
        public List<GeoPosition> ring() {
            return ring;
        }

        @Override
        public boolean contains(GeoPosition position) {
            return locator.locate(new Coordinate(position.longitude(), position.latitude())) != Location.EXTERIOR;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Polygon that
                    && name.equals(that.name)
                    && kind == that.kind
                    && ring.equals(that.ring);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(name, kind, ring);
        }

        @Override
        public String toString() {
            return "Polygon[name=" + name + ", kind=" + kind + ", " + ring.size() + " points]";
        }
    }

    private static void requireName(String name) {
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
    }
}
