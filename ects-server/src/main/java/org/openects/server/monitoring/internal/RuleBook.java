package org.openects.server.monitoring.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.openects.domain.GeoPosition;
import org.openects.rules.MovementMonitor;
import org.openects.rules.RoutePlan;
import org.openects.rules.geo.Corridor;
import org.openects.rules.geo.Geofence;
import org.openects.rules.geo.GeofenceKind;
import org.openects.server.movements.RoutePlanSpec;

/** Turns a route plan as the API carries it into the monitoring rules' own types. */
final class RuleBook {

    private RuleBook() {}

    /** A monitor whose reporting-gap clock starts now (at the movement's start, or when the server restarts). */
    static MovementMonitor monitorFor(RoutePlanSpec spec) {
        return new MovementMonitor(routePlan(spec), Instant.now());
    }

    static RoutePlan routePlan(RoutePlanSpec spec) {
        List<GeoPosition> path = new ArrayList<>(spec.corridor().path().size());
        for (List<Double> point : spec.corridor().path()) {
            path.add(new GeoPosition(point.get(0), point.get(1)));
        }
        return new RoutePlan(
                new Corridor(path, spec.corridor().widthMeters()),
                circle(spec.origin(), GeofenceKind.ORIGIN),
                circle(spec.destination(), GeofenceKind.DESTINATION),
                List.of(),
                Duration.ofSeconds(spec.maxReportingGapSeconds()));
    }

    private static Geofence circle(RoutePlanSpec.GeofenceSpec spec, GeofenceKind kind) {
        return new Geofence.Circle(
                spec.name(), kind, new GeoPosition(spec.latitude(), spec.longitude()), spec.radiusMeters());
    }
}
