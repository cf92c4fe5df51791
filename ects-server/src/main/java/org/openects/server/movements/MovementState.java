package org.openects.server.movements;

/** Where a movement is in its life (the full lifecycle comes with custody). */
public enum MovementState {
    ACTIVE,
    COMPLETED,
    CANCELLED
}
