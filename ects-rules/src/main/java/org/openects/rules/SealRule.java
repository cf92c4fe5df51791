package org.openects.rules;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.openects.domain.GeoPosition;
import org.openects.domain.SealState;

/**
 * Seal opened or tampered, on a change of the seal's state only (not on every report that repeats it). Opening inside
 * the destination geofence is expected ({@link EventType#SEAL_OPENED_AT_DESTINATION}); anywhere else it is
 * {@link EventType#SEAL_OPENED}. Tampering is {@link EventType#SEAL_TAMPERED} wherever it happens. Reports that do not
 * state the seal ({@link SealState#UNKNOWN}) change nothing. Where the report has no valid fix, the last known fix on
 * the track decides whether the seal is at the destination; with no fix at all, it is not.
 */
public final class SealRule implements Rule {

    @Override
    public void onReport(Observation observation, List<MonitoringEvent> events) {
        SealState seal = observation.report().seal();
        MovementTracking.Track track = observation.track();
        SealState before = track.seal();
        if (seal == SealState.UNKNOWN || seal == before) {
            return;
        }
        track.seal(seal);
        switch (seal) {
            case TAMPERED -> events.add(observation.event(EventType.SEAL_TAMPERED, "seal reports tampering"));
            case OPEN -> {
                if (atDestination(observation)) {
                    events.add(
                            observation.event(EventType.SEAL_OPENED_AT_DESTINATION, "seal opened at the destination"));
                } else {
                    events.add(observation.event(
                            EventType.SEAL_OPENED, "seal opened outside the destination (was " + before + ")"));
                }
            }
            case CLOSED, UNKNOWN -> {
                // Closing (re-arming) raises nothing here.
            }
        }
    }

    private static boolean atDestination(Observation observation) {
        @Nullable GeoPosition fix = observation.fix();
        if (fix != null) {
            return observation.plan().destination().contains(fix);
        }
        @Nullable GeoPosition last = observation.track().position();
        return last != null && observation.plan().destination().contains(last);
    }
}
