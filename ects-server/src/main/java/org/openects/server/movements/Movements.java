package org.openects.server.movements;

/** Starts movements. */
public interface Movements {

    /**
     * Starts supervising a movement.
     *
     * @throws MovementRejectedException when the request cannot be accepted (duplicate reference, device busy)
     */
    Movement start(MovementRequest request, String actor);
}
