package org.openects.server.movements;

/** Starts movements. */
public interface Movements {

    /**
     * Starts supervising a movement.
     *
     * @throws MovementRejectedException when the request cannot be accepted (duplicate reference, device busy)
     */
    Movement start(MovementRequest request, String actor);

    /**
     * Ends supervision of an active movement before its journey's end.
     *
     * @param reason why, as the person wrote it
     * @param actor the username
     * @throws MovementRejectedException when the movement is not active
     */
    Movement cancel(long id, String reason, String actor);
}
