package org.openects.rules.geo;

import java.util.List;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicData;
import net.sf.geographiclib.GeodesicLine;
import net.sf.geographiclib.GeodesicMask;
import org.openects.domain.GeoPosition;

/**
 * Brute-force reference for corridor distances: samples every geodesic segment of the polyline densely with
 * GeographicLib, then narrows the best sample down by golden-section search. Slow, independent of the code under test.
 */
final class GeodesicReference {

    private static final double SAMPLE_SPACING_METERS = 50;
    private static final double GOLDEN = (Math.sqrt(5) - 1) / 2;

    private GeodesicReference() {}

    static double distanceMeters(List<GeoPosition> polyline, GeoPosition position) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i + 1 < polyline.size(); i++) {
            best = Math.min(best, distanceToSegment(polyline.get(i), polyline.get(i + 1), position));
        }
        return best;
    }

    static double distanceToSegment(GeoPosition from, GeoPosition to, GeoPosition position) {
        GeodesicLine line = Geodesic.WGS84.InverseLine(
                from.latitude(), from.longitude(), to.latitude(), to.longitude(), GeodesicMask.ALL);
        double length = line.Distance();
        int samples = Math.max(2, (int) Math.ceil(length / SAMPLE_SPACING_METERS));
        double bestS = 0;
        double best = Double.POSITIVE_INFINITY;
        for (int k = 0; k <= samples; k++) {
            double s = length * k / samples;
            double d = distanceFrom(line, s, position);
            if (d < best) {
                best = d;
                bestS = s;
            }
        }
        double step = length / samples;
        double low = Math.max(0, bestS - step);
        double high = Math.min(length, bestS + step);
        for (int iteration = 0; iteration < 60; iteration++) {
            double a = high - GOLDEN * (high - low);
            double b = low + GOLDEN * (high - low);
            if (distanceFrom(line, a, position) < distanceFrom(line, b, position)) {
                high = b;
            } else {
                low = a;
            }
        }
        return Math.min(best, distanceFrom(line, (low + high) / 2, position));
    }

    static double distanceBetween(GeoPosition a, GeoPosition b) {
        return Geodesic.WGS84.Inverse(a.latitude(), a.longitude(), b.latitude(), b.longitude(), GeodesicMask.DISTANCE)
                .s12;
    }

    /** The point {@code meters} from {@code start} along azimuth {@code azimuthDegrees}. */
    static GeoPosition destination(GeoPosition start, double azimuthDegrees, double meters) {
        GeodesicData d = Geodesic.WGS84.Direct(start.latitude(), start.longitude(), azimuthDegrees, meters);
        return new GeoPosition(d.lat2, d.lon2);
    }

    private static double distanceFrom(GeodesicLine line, double s, GeoPosition position) {
        GeodesicData point = line.Position(s, GeodesicMask.LATITUDE | GeodesicMask.LONGITUDE);
        return Geodesic.WGS84.Inverse(
                        point.lat2, point.lon2, position.latitude(), position.longitude(), GeodesicMask.DISTANCE)
                .s12;
    }
}
