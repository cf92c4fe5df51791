package org.openects.rules.geo;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicData;
import org.openects.domain.GeoPosition;

/** Seeded generator of random but plausible corridors (winding polylines at any latitude within ±70°). */
final class RandomCorridors {

    private final Random random;

    RandomCorridors(long seed) {
        this.random = new Random(seed);
    }

    Random random() {
        return random;
    }

    /** A winding polyline of {@code points} points, with segments from 50 m to 30 km. */
    List<GeoPosition> aWindingPolyline(int points) {
        List<GeoPosition> polyline = new ArrayList<>(points);
        polyline.add(new GeoPosition(-70 + 140 * random.nextDouble(), -170 + 340 * random.nextDouble()));
        double azimuth = 360 * random.nextDouble();
        while (polyline.size() < points) {
            azimuth += -70 + 140 * random.nextDouble();
            double length =
                    random.nextBoolean() ? 50 + 950 * random.nextDouble() : 1_000 + 29_000 * random.nextDouble();
            polyline.add(GeodesicReference.destination(polyline.getLast(), azimuth, length));
        }
        return polyline;
    }

    /** A width from 50 m to 10 km. */
    double aWidthMeters() {
        return random.nextBoolean() ? 50 + 950 * random.nextDouble() : 1_000 + 9_000 * random.nextDouble();
    }

    /** A point {@code offsetMeters} to one side (at random) of a random point of a random segment of the polyline. */
    GeoPosition aPointBeside(List<GeoPosition> polyline, double offsetMeters) {
        int segment = random.nextInt(polyline.size() - 1);
        GeoPosition from = polyline.get(segment);
        GeoPosition to = polyline.get(segment + 1);
        GeodesicData line = Geodesic.WGS84.Inverse(from.latitude(), from.longitude(), to.latitude(), to.longitude());
        GeodesicData foot = Geodesic.WGS84.Direct(
                from.latitude(), from.longitude(), line.azi1, line.s12 * (0.05 + 0.9 * random.nextDouble()));
        double side = random.nextBoolean() ? 90 : -90;
        return GeodesicReference.destination(new GeoPosition(foot.lat2, foot.lon2), foot.azi2 + side, offsetMeters);
    }
}
