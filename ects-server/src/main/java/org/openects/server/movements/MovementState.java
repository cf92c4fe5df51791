package org.openects.server.movements;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a movement is in the customs transit procedure: the one state machine of a movement. The legal transitions are
 * listed here and nowhere else ({@link #allowedNext()}); docs/procedure.md, "Movement lifecycle", draws them.
 *
 * <p>The main line: {@link #DECLARED} → {@link #SEALS_REQUESTED} → {@link #SEALS_ASSIGNED} → {@link #ARMED} →
 * {@link #IN_TRANSIT} (↔ {@link #AT_BORDER}) → {@link #ARRIVED} → {@link #SEALS_VERIFIED} → {@link #DISARMED} →
 * {@link #REMOVED} → {@link #CLOSED}. Side states: {@link #INCIDENT}, {@link #DIVERTED}, {@link #OVERDUE} →
 * {@link #ENQUIRY}, and {@link #CANCELLED}.
 */
public enum MovementState {
    /** A transit declaration was filed; no device yet. */
    DECLARED,
    /** The trader asked for e-seals against the declaration. */
    SEALS_REQUESTED,
    /** Devices (seals, perhaps a tractor tracker) are assigned to the movement. */
    SEALS_ASSIGNED,
    /** The seals are affixed and armed at departure (a custody step {@code ARMED} with photos): monitoring starts. */
    ARMED,
    /** On the road under supervision. */
    IN_TRANSIT,
    /** At a border post: handover between administrations. */
    AT_BORDER,
    /** Inside the destination office's geofence (the monitoring saw it arrive, or an officer said so). */
    ARRIVED,
    /** An officer checked the seals at destination (a custody step {@code VERIFIED} after arrival). */
    SEALS_VERIFIED,
    /** The seals were disarmed (unlocked) at destination. */
    DISARMED,
    /** The seals were removed (a custody step {@code RELEASED} with photos); monitoring ends. */
    REMOVED,
    /** The procedure is discharged. Final. */
    CLOSED,
    /** Something happened on the way (seal opened, accident, breakdown) that an officer deals with. */
    INCIDENT,
    /** Off its route plan with an officer's knowledge. */
    DIVERTED,
    /** Not arrived by its time limit: the platform moves it here by itself. */
    OVERDUE,
    /** Overdue for longer than the enquiry delay: customs enquires; the platform moves it here by itself. */
    ENQUIRY,
    /** Ended before its journey's end, with a reason. Final. */
    CANCELLED;

    private static final Map<MovementState, Set<MovementState>> NEXT = new EnumMap<>(MovementState.class);

    static {
        allow(DECLARED, SEALS_REQUESTED, CANCELLED);
        allow(SEALS_REQUESTED, SEALS_ASSIGNED, DECLARED, CANCELLED);
        allow(SEALS_ASSIGNED, ARMED, CANCELLED);
        allow(ARMED, IN_TRANSIT, CANCELLED);
        allow(IN_TRANSIT, AT_BORDER, ARRIVED, INCIDENT, DIVERTED, OVERDUE, CANCELLED);
        allow(AT_BORDER, IN_TRANSIT, INCIDENT, OVERDUE, CANCELLED);
        allow(INCIDENT, IN_TRANSIT, DIVERTED, ARRIVED, ENQUIRY, OVERDUE, CANCELLED);
        allow(DIVERTED, IN_TRANSIT, INCIDENT, ARRIVED, OVERDUE, ENQUIRY, CANCELLED);
        allow(OVERDUE, ARRIVED, INCIDENT, ENQUIRY);
        allow(ENQUIRY, ARRIVED, CLOSED, CANCELLED);
        allow(ARRIVED, SEALS_VERIFIED, INCIDENT);
        allow(SEALS_VERIFIED, DISARMED);
        allow(DISARMED, REMOVED);
        allow(REMOVED, CLOSED);
        allow(CLOSED);
        allow(CANCELLED);
    }

    private static void allow(MovementState from, MovementState... to) {
        Set<MovementState> next = EnumSet.noneOf(MovementState.class);
        next.addAll(java.util.Arrays.asList(to));
        NEXT.put(from, Collections.unmodifiableSet(next));
    }

    /** The states a movement in this state may move to, in declaration order; empty for a final state. */
    public Set<MovementState> allowedNext() {
        return NEXT.get(this);
    }

    /** Whether a movement in this state may move to {@code next}. */
    public boolean canMoveTo(MovementState next) {
        return allowedNext().contains(next);
    }

    /** Final: no transition leaves it ({@link #CLOSED}, {@link #CANCELLED}). */
    public boolean terminal() {
        return allowedNext().isEmpty();
    }

    /**
     * Supervised: the devices are monitored against the route plan ({@link #ARMED} to {@link #SEALS_VERIFIED}, and
     * the side states {@link #INCIDENT}, {@link #DIVERTED}, {@link #OVERDUE}, {@link #ENQUIRY}).
     */
    public boolean supervised() {
        return switch (this) {
            case ARMED, IN_TRANSIT, AT_BORDER, ARRIVED, SEALS_VERIFIED, INCIDENT, DIVERTED, OVERDUE, ENQUIRY -> true;
            default -> false;
        };
    }

    /**
     * Holds its devices: from assignment until the seals are removed, a device of the movement may be on no other
     * movement ({@link #SEALS_ASSIGNED}, the supervised states and {@link #DISARMED}).
     */
    public boolean holdsDevices() {
        return this == SEALS_ASSIGNED || this == DISARMED || supervised();
    }

    /**
     * Entered only by the platform, never asked for through {@code POST /api/v1/movements/{id}/transitions}: the seal
     * request's events ({@link #SEALS_REQUESTED}, {@link #SEALS_ASSIGNED}, and back to {@link #DECLARED} on a
     * refusal), the custody steps that carry their photos and seal checks ({@link #ARMED}, {@link #SEALS_VERIFIED},
     * {@link #REMOVED}) and the time-limit sweep ({@link #OVERDUE}).
     *
     * @return how the platform enters it, in words; {@code null} when a person may ask for it
     */
    public @org.jspecify.annotations.Nullable String platformOnly() {
        return switch (this) {
            case DECLARED -> "a seal request's refusal returns a movement to DECLARED";
            case SEALS_REQUESTED -> "a seal request against the declaration moves it to SEALS_REQUESTED";
            case SEALS_ASSIGNED -> "the approval of the seal request assigns the devices (SEALS_ASSIGNED)";
            case ARMED -> "a custody step ARMED, with its seal checks and photos, moves it to ARMED";
            case SEALS_VERIFIED -> "a custody step VERIFIED after arrival moves it to SEALS_VERIFIED";
            case REMOVED -> "a custody step RELEASED, with its photos of the removed seals, moves it to REMOVED";
            case OVERDUE -> "the platform moves a movement past its time limit to OVERDUE";
            default -> null;
        };
    }
}
