package org.openects.server.movements;

/** Where a movement is in its life. */
public enum MovementState {
    /** Under supervision: reports are monitored against the route plan. */
    ACTIVE,
    /** Released by an officer at the end of the journey (a custody step of kind {@code RELEASED}). */
    COMPLETED,
    /** Ended by an officer, administrator or the customs system before the journey's end, with a reason. */
    CANCELLED
}
