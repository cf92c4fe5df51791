package org.openects.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicData;
import org.openects.domain.GeoPosition;
import org.openects.rules.geo.Corridor;
import org.openects.rules.geo.Geofence;
import org.openects.rules.geo.GeofenceKind;

/**
 * A synthetic 60 km route near the equator with two bends, a 1 km wide corridor, and places on it given as kilometres
 * along the route and metres to its left.
 */
final class TestRoute {

    static final List<GeoPosition> CENTRELINE = List.of(
            GeoPosition.of(-1.00, 36.00),
            GeoPosition.of(-1.00, 36.20),
            GeoPosition.of(-0.90, 36.35),
            GeoPosition.of(-0.90, 36.50));
    static final double WIDTH_METERS = 1_000;
    static final Corridor CORRIDOR = new Corridor(CENTRELINE, WIDTH_METERS);
    static final Geofence ORIGIN = new Geofence.Circle("Depot A", GeofenceKind.ORIGIN, CENTRELINE.getFirst(), 500);
    static final Geofence DESTINATION =
            new Geofence.Circle("Inland depot B", GeofenceKind.DESTINATION, CENTRELINE.getLast(), 500);
    static final Duration MAX_REPORTING_GAP = Duration.ofMinutes(30);

    private TestRoute() {}

    static RoutePlan aRoutePlan() {
        return new RoutePlan(CORRIDOR, ORIGIN, DESTINATION, List.of(), MAX_REPORTING_GAP);
    }

    /** The centreline point {@code km} kilometres from the origin. */
    static GeoPosition atKm(double km) {
        return offRoute(km, 0);
    }

    /** The point {@code metersLeft} metres to the left of the centreline (negative: to the right) at {@code km}. */
    static GeoPosition offRoute(double km, double metersLeft) {
        double remaining = km * 1_000;
        for (int i = 0; i + 1 < CENTRELINE.size(); i++) {
            GeoPosition from = CENTRELINE.get(i);
            GeoPosition to = CENTRELINE.get(i + 1);
            GeodesicData segment =
                    Geodesic.WGS84.Inverse(from.latitude(), from.longitude(), to.latitude(), to.longitude());
            if (remaining <= segment.s12 || i + 2 == CENTRELINE.size()) {
                GeodesicData foot = Geodesic.WGS84.Direct(from.latitude(), from.longitude(), segment.azi1, remaining);
                GeodesicData side = Geodesic.WGS84.Direct(foot.lat2, foot.lon2, foot.azi2 - 90, metersLeft);
                return new GeoPosition(side.lat2, side.lon2);
            }
            remaining -= segment.s12;
        }
        throw new IllegalStateException("unreachable");
    }

    /** Positions every {@code stepKm} kilometres from {@code fromKm} to {@code toKm} on the centreline. */
    static List<GeoPosition> along(double fromKm, double toKm, double stepKm) {
        List<GeoPosition> positions = new ArrayList<>();
        for (double km = fromKm; km <= toKm + 1e-9; km += stepKm) {
            positions.add(atKm(km));
        }
        return positions;
    }

    static double lengthKm() {
        return CORRIDOR.lengthMeters() / 1_000;
    }
}
