package org.openects.rules;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.openects.domain.GeoPosition;

/**
 * Arrival at the destination: keeps the track's "at destination" flag up to date on every valid fix, and raises
 * {@link EventType#ARRIVED_AT_DESTINATION} the first time the vehicle is inside the destination geofence (once per
 * movement).
 */
public final class ArrivalRule implements Rule {

    @Override
    public void onReport(Observation observation, List<MonitoringEvent> events) {
        @Nullable GeoPosition fix = observation.fix();
        if (fix == null) {
            return;
        }
        boolean inside = observation.plan().destination().contains(fix);
        observation.track().atDestination(inside);
        MovementTracking state = observation.state();
        if (inside && state.arrivedAt() == null) {
            state.arrivedAt(observation.report().deviceTime());
            events.add(observation.event(
                    EventType.ARRIVED_AT_DESTINATION,
                    "arrived at " + observation.plan().destination().name()));
        }
    }
}
