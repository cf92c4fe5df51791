package org.openects.rules;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.openects.domain.GeoPosition;
import org.openects.rules.geo.Corridor;

/**
 * Corridor left and returned. One valid fix outside the corridor is enough to leave it. To count as back, a fix must
 * lie inside by the return margin (its distance to the centreline at most half the width minus the margin), so that a
 * vehicle driving along the edge does not flap between the two. The margin is capped at a quarter of the width. Reports
 * without a valid fix are skipped.
 */
public final class CorridorRule implements Rule {

    /** The default return margin, in metres. */
    public static final double DEFAULT_RETURN_MARGIN_METERS = 25;

    private final double returnMarginMeters;

    public CorridorRule() {
        this(DEFAULT_RETURN_MARGIN_METERS);
    }

    /** @throws IllegalArgumentException when the margin is negative or not a number */
    public CorridorRule(double returnMarginMeters) {
        if (!(returnMarginMeters >= 0) || !Double.isFinite(returnMarginMeters)) {
            throw new IllegalArgumentException(
                    "returnMarginMeters must be zero or a positive number of metres, got " + returnMarginMeters);
        }
        this.returnMarginMeters = returnMarginMeters;
    }

    @Override
    public void onReport(Observation observation, List<MonitoringEvent> events) {
        @Nullable GeoPosition fix = observation.fix();
        if (fix == null) {
            return;
        }
        Corridor corridor = observation.plan().corridor();
        MovementTracking.Track track = observation.track();
        if (track.insideCorridor()) {
            if (!corridor.contains(fix)) {
                track.insideCorridor(false);
                events.add(observation.event(
                        EventType.CORRIDOR_LEFT,
                        "left the corridor: " + Math.round(corridor.distanceMeters(fix))
                                + " m from the centreline, half-width " + Math.round(corridor.halfWidthMeters())
                                + " m"));
            }
        } else {
            double distance = corridor.distanceMeters(fix);
            double margin = Math.min(returnMarginMeters, corridor.widthMeters() / 4);
            if (distance <= corridor.halfWidthMeters() - margin) {
                track.insideCorridor(true);
                events.add(observation.event(
                        EventType.CORRIDOR_RETURNED,
                        "back in the corridor: " + Math.round(distance) + " m from the centreline"));
            }
        }
    }

    @Override
    public String toString() {
        return "CorridorRule[returnMarginMeters=" + returnMarginMeters + "]";
    }
}
