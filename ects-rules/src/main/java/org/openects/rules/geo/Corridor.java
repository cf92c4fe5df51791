package org.openects.rules.geo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicData;
import net.sf.geographiclib.GeodesicLine;
import net.sf.geographiclib.GeodesicMask;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.index.ItemVisitor;
import org.locationtech.jts.index.strtree.STRtree;
import org.openects.domain.GeoPosition;

/**
 * The band a movement must stay in: every point whose geodesic distance to the route's centreline is at most half
 * the corridor's width. The centreline is a polyline of geodesic segments on WGS 84.
 *
 * <p>Immutable and safe to share between threads. Distances agree with GeographicLib's geodesic distance to about a
 * centimetre within 20 km of the centreline (measured in a local frame) and are computed geodesically further out; {@link #contains} settles points within a few centimetres of
 * the edge with an exact geodesic computation. Corridors near the poles (beyond ±{@value #MAX_LATITUDE}°) or across the
 * antimeridian are not supported.
 */
public final class Corridor {

    /** Latitude limit of the centreline, in degrees. */
    public static final double MAX_LATITUDE = 85;

    /**
     * Longer centreline segments are split into pieces of at most this length, in metres, when indexed; shorter
     * towards the poles, so that a piece's geodesic strays less than about a centimetre from its chord in the local
     * frame.
     */
    static final double MAX_INDEXED_SEGMENT_METERS = 1_000;

    /** Beyond this distance from the centreline, in metres, distances are computed geodesically. */
    static final double LOCAL_FRAME_LIMIT_METERS = 20_000;

    private static final double HALF_EARTH_CIRCUMFERENCE_METERS = 20_003_931;
    private static final int NODE_CAPACITY = 8;
    private static final int[] NO_SEGMENTS = {};
    private static final double[] NO_VALUES = {};

    private final List<GeoPosition> centreline;
    private final double widthMeters;
    private final double halfWidthMeters;
    /** Indexed vertices, densified: latitude and longitude in degrees, distance along the route in metres. */
    private final double[] latitudes;

    private final double[] longitudes;
    private final double[] along;
    private final STRtree index;

    /**
     * A corridor of {@code widthMeters} around the polyline through {@code centreline}.
     *
     * @throws IllegalArgumentException when the centreline has fewer than two distinct points, a point beyond
     *     ±{@value #MAX_LATITUDE}° latitude or a segment across the antimeridian, or the width is not a positive
     *     number of metres
     */
    public Corridor(List<GeoPosition> centreline, double widthMeters) {
        if (!(widthMeters > 0) || !Double.isFinite(widthMeters)) {
            throw new IllegalArgumentException("widthMeters must be a positive number of metres, got " + widthMeters);
        }
        this.centreline = List.copyOf(centreline);
        this.widthMeters = widthMeters;
        this.halfWidthMeters = widthMeters / 2;
        List<GeoPosition> distinct = distinctConsecutive(this.centreline);
        var densified = densify(distinct);
        this.latitudes = densified.latitudes;
        this.longitudes = densified.longitudes;
        this.along = densified.along;
        this.index = buildIndex(latitudes, longitudes);
    }

    /** A corridor of {@code widthMeters} around the polyline through {@code points}. */
    public static Corridor of(double widthMeters, GeoPosition... points) {
        return new Corridor(List.of(points), widthMeters);
    }

    /** The route's centreline as given. */
    public List<GeoPosition> centreline() {
        return centreline;
    }

    public double widthMeters() {
        return widthMeters;
    }

    public double halfWidthMeters() {
        return halfWidthMeters;
    }

    /** The geodesic length of the centreline. */
    public double lengthMeters() {
        return along[along.length - 1];
    }

    /** Whether {@code position} lies in the corridor: its distance to the centreline is at most half the width. */
    public boolean contains(GeoPosition position) {
        double tolerance = localFrameTolerance(halfWidthMeters);
        Nearest nearest = search(position, halfWidthMeters + tolerance, false);
        if (!nearest.found() || nearest.distance > halfWidthMeters + tolerance) {
            return false;
        }
        if (nearest.distance < halfWidthMeters - tolerance) {
            return true;
        }
        // Too close to the edge to tell in the local frame: settle it geodesically.
        Nearest candidates = search(position, halfWidthMeters + tolerance, true);
        return geodesicDistance(position, candidates, candidates.distance + 2 * tolerance) <= halfWidthMeters;
    }

    /** The geodesic distance from {@code position} to the nearest point of the centreline, in metres. */
    public double distanceMeters(GeoPosition position) {
        Nearest nearest = nearest(position, false);
        if (nearest.distance <= LOCAL_FRAME_LIMIT_METERS) {
            return nearest.distance;
        }
        Nearest candidates = search(position, nearest.distance * 1.01 + 1, true);
        return geodesicDistance(position, candidates, candidates.distance * 1.01);
    }

    /**
     * How far along the route, in metres from its first point, lies the centreline point nearest to {@code position}.
     * Between 0 and {@link #lengthMeters()}.
     */
    public double progressMeters(GeoPosition position) {
        Nearest nearest = nearest(position, false);
        int segment = nearest.segment;
        return along[segment] + nearest.fraction * (along[segment + 1] - along[segment]);
    }

    /** Number of indexed segments after densification; for tests and benchmarks. */
    int indexedSegments() {
        return latitudes.length - 1;
    }

    private Nearest nearest(GeoPosition position, boolean recordCandidates) {
        double radius = Math.max(2 * halfWidthMeters, 2_000);
        while (true) {
            Nearest nearest = search(position, radius, recordCandidates);
            if (nearest.found()) {
                if (nearest.distance <= radius) {
                    return nearest;
                }
                // A segment outside the searched box may still be closer than the one found at its corner.
                return search(position, nearest.distance * 1.01 + 1, recordCandidates);
            }
            if (radius > HALF_EARTH_CIRCUMFERENCE_METERS) {
                throw new IllegalStateException("no centreline segment found around " + position);
            }
            radius *= 4;
        }
    }

    /**
     * The nearest indexed segment among those whose box comes within {@code radiusMeters} of {@code position}, with
     * all of them as candidates when {@code recordCandidates}.
     */
    private Nearest search(GeoPosition position, double radiusMeters, boolean recordCandidates) {
        double latitude = position.latitude();
        double latitudeMargin = Math.toDegrees(radiusMeters / Ellipsoid.MIN_MERIDIONAL_RADIUS);
        double farthestLatitude = Math.min(89.999, Math.abs(latitude) + latitudeMargin);
        double longitudeMargin =
                Math.toDegrees(radiusMeters / (Ellipsoid.SEMI_MAJOR_AXIS * Math.cos(Math.toRadians(farthestLatitude))));
        Envelope box = new Envelope(
                Math.max(-180, position.longitude() - longitudeMargin),
                Math.min(180, position.longitude() + longitudeMargin),
                latitude - latitudeMargin,
                latitude + latitudeMargin);
        Nearest nearest = new Nearest(position, recordCandidates);
        index.query(box, nearest);
        return nearest;
    }

    /**
     * The geodesic distance from {@code position} to the centreline, computed exactly on the segments whose local-frame
     * distance is at most {@code candidateLimit}.
     */
    private double geodesicDistance(GeoPosition position, Nearest nearest, double candidateLimit) {
        double best = Double.POSITIVE_INFINITY;
        for (int k = 0; k < nearest.candidateCount; k++) {
            if (nearest.candidateDistances[k] <= candidateLimit) {
                int segment = nearest.candidates[k];
                best = Math.min(best, geodesicDistanceToSegment(position, segment, nearest.candidateFractions[k]));
            }
        }
        return best;
    }

    /**
     * The geodesic distance from {@code position} to indexed segment {@code segment}: finds the foot of the
     * perpendicular geodesic by successive along-track corrections from the local-frame estimate {@code fraction}.
     */
    private double geodesicDistanceToSegment(GeoPosition position, int segment, double fraction) {
        GeodesicLine line = Geodesic.WGS84.InverseLine(
                latitudes[segment],
                longitudes[segment],
                latitudes[segment + 1],
                longitudes[segment + 1],
                GeodesicMask.LATITUDE | GeodesicMask.LONGITUDE | GeodesicMask.AZIMUTH | GeodesicMask.DISTANCE_IN);
        double length = line.Distance();
        double s = fraction * length;
        double distance = Double.POSITIVE_INFINITY;
        for (int iteration = 0; iteration < 16; iteration++) {
            GeodesicData foot = line.Position(s, GeodesicMask.LATITUDE | GeodesicMask.LONGITUDE | GeodesicMask.AZIMUTH);
            GeodesicData toPosition = Geodesic.WGS84.Inverse(
                    foot.lat2,
                    foot.lon2,
                    position.latitude(),
                    position.longitude(),
                    GeodesicMask.DISTANCE | GeodesicMask.AZIMUTH);
            distance = toPosition.s12;
            double alongTrack = toPosition.s12 * Math.cos(Math.toRadians(toPosition.azi1 - foot.azi2));
            double next = Math.clamp(s + alongTrack, 0, length);
            if (Math.abs(next - s) < 1e-4) {
                break;
            }
            s = next;
        }
        return distance;
    }

    /** Upper bound of the local frame's error at distance {@code meters}, with a wide margin. */
    static double localFrameTolerance(double meters) {
        return 0.15 + 1e-5 * meters;
    }

    private static List<GeoPosition> distinctConsecutive(List<GeoPosition> points) {
        List<GeoPosition> distinct = new ArrayList<>(points.size());
        for (GeoPosition point : points) {
            if (Math.abs(point.latitude()) > MAX_LATITUDE) {
                throw new IllegalArgumentException("centreline must stay within ±" + MAX_LATITUDE + "° latitude, got "
                        + point.latitude() + " at point " + distinct.size());
            }
            if (distinct.isEmpty() || !distinct.getLast().equals(point)) {
                distinct.add(point);
            }
        }
        if (distinct.size() < 2) {
            throw new IllegalArgumentException("centreline needs at least 2 distinct points, got " + distinct.size());
        }
        return distinct;
    }

    private record Densified(double[] latitudes, double[] longitudes, double[] along) {}

    private static Densified densify(List<GeoPosition> points) {
        var latitudes = new DoubleList(points.size());
        var longitudes = new DoubleList(points.size());
        var along = new DoubleList(points.size());
        GeoPosition first = points.getFirst();
        latitudes.add(first.latitude());
        longitudes.add(first.longitude());
        along.add(0);
        for (int i = 1; i < points.size(); i++) {
            GeoPosition from = points.get(i - 1);
            GeoPosition to = points.get(i);
            if (Math.abs(to.longitude() - from.longitude()) > 180) {
                throw new IllegalArgumentException("centreline must not cross the antimeridian, segment " + (i - 1)
                        + " goes from longitude " + from.longitude() + " to " + to.longitude());
            }
            GeodesicLine line = Geodesic.WGS84.InverseLine(
                    from.latitude(),
                    from.longitude(),
                    to.latitude(),
                    to.longitude(),
                    GeodesicMask.LATITUDE | GeodesicMask.LONGITUDE | GeodesicMask.DISTANCE_IN);
            double length = line.Distance();
            int pieces = (int)
                    Math.ceil(length / maxPieceMeters(Math.max(Math.abs(from.latitude()), Math.abs(to.latitude()))));
            double start = along.last();
            for (int piece = 1; piece < pieces; piece++) {
                GeodesicData point =
                        line.Position(length * piece / pieces, GeodesicMask.LATITUDE | GeodesicMask.LONGITUDE);
                latitudes.add(point.lat2);
                longitudes.add(point.lon2);
                along.add(start + length * piece / pieces);
            }
            latitudes.add(to.latitude());
            longitudes.add(to.longitude());
            along.add(start + length);
        }
        return new Densified(latitudes.toArray(), longitudes.toArray(), along.toArray());
    }

    /**
     * The longest indexed piece at {@code latitude}: a geodesic of length L strays about L² tan(latitude) / 8R from the
     * straight chord of the local frame, kept under a centimetre.
     */
    private static double maxPieceMeters(double latitude) {
        double tan = Math.tan(Math.toRadians(Math.min(latitude + 1, MAX_LATITUDE)));
        return Math.min(MAX_INDEXED_SEGMENT_METERS, 700 / Math.sqrt(tan));
    }

    private static STRtree buildIndex(double[] latitudes, double[] longitudes) {
        STRtree tree = new STRtree(NODE_CAPACITY);
        // Geodesic segments bulge slightly out of their endpoints' box: pad each box by about a metre.
        double pad = 1e-5;
        for (int i = 0; i + 1 < latitudes.length; i++) {
            Envelope box = new Envelope(longitudes[i], longitudes[i + 1], latitudes[i], latitudes[i + 1]);
            box.expandBy(pad);
            tree.insert(box, i);
        }
        tree.build();
        return tree;
    }

    /**
     * Collects the candidate segments of one query and keeps the nearest, measured in a local metric frame centred on
     * the query position: east and north offsets in metres using the ellipsoid's radii of curvature at the mid-latitude
     * of the position and each vertex (Gauss's mid-latitude method).
     */
    private final class Nearest implements ItemVisitor {
        private final double latitude;
        private final double longitude;
        int segment = -1;
        double fraction;
        double distance = Double.POSITIVE_INFINITY;
        private final boolean recordCandidates;
        int[] candidates = NO_SEGMENTS;
        double[] candidateDistances = NO_VALUES;
        double[] candidateFractions = NO_VALUES;
        int candidateCount;
        private double east;
        private double north;

        Nearest(GeoPosition position, boolean recordCandidates) {
            this.latitude = position.latitude();
            this.longitude = position.longitude();
            this.recordCandidates = recordCandidates;
        }

        boolean found() {
            return segment >= 0;
        }

        @Override
        public void visitItem(Object item) {
            int i = (Integer) item;
            project(i);
            double ax = east;
            double ay = north;
            project(i + 1);
            double dx = east - ax;
            double dy = north - ay;
            double lengthSquared = dx * dx + dy * dy;
            double t = lengthSquared == 0 ? 0 : Math.clamp(-(ax * dx + ay * dy) / lengthSquared, 0.0, 1.0);
            double fx = ax + t * dx;
            double fy = ay + t * dy;
            double d = Math.sqrt(fx * fx + fy * fy);
            if (recordCandidates) {
                remember(i, d, t);
            }
            if (d < distance) {
                distance = d;
                segment = i;
                fraction = t;
            }
        }

        private void remember(int i, double d, double t) {
            if (candidateCount == candidates.length) {
                int capacity = Math.max(8, candidateCount * 2);
                candidates = Arrays.copyOf(candidates, capacity);
                candidateDistances = Arrays.copyOf(candidateDistances, capacity);
                candidateFractions = Arrays.copyOf(candidateFractions, capacity);
            }
            candidates[candidateCount] = i;
            candidateDistances[candidateCount] = d;
            candidateFractions[candidateCount] = t;
            candidateCount++;
        }

        /** Sets {@link #east} and {@link #north} to the offsets of {@code vertex} from the query position. */
        private void project(int vertex) {
            double midLatitude = Math.toRadians((latitude + latitudes[vertex]) / 2);
            double sin = Math.sin(midLatitude);
            double w = 1 - Ellipsoid.ECCENTRICITY_SQUARED * sin * sin;
            double primeVertical = Ellipsoid.SEMI_MAJOR_AXIS / Math.sqrt(w);
            double meridional = primeVertical * (1 - Ellipsoid.ECCENTRICITY_SQUARED) / w;
            east = Math.toRadians(Ellipsoid.longitudeDelta(longitude, longitudes[vertex]))
                    * primeVertical
                    * Math.cos(midLatitude);
            north = Math.toRadians(latitudes[vertex] - latitude) * meridional;
        }
    }

    /** A growable list of doubles, for building the vertex arrays. */
    private static final class DoubleList {
        private double[] values;
        private int size;

        DoubleList(int capacity) {
            values = new double[Math.max(capacity, 2)];
        }

        void add(double value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        double last() {
            return values[size - 1];
        }

        double[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
