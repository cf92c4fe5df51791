package org.openects.server.movements;

import java.time.Instant;

/**
 * Tells the movements module that a supervised movement arrived in its destination geofence (the monitoring's {@code
 * ARRIVED_AT_DESTINATION} event). Meant to be called once the event is committed, off the hot path: it never blocks and
 * does no database work in the caller's thread; a worker of the movements module moves the movement to {@link
 * MovementState#ARRIVED} as {@code system:monitoring}, when its state allows it (from {@code IN_TRANSIT}, {@code
 * INCIDENT}, {@code DIVERTED} or {@code OVERDUE}; otherwise the arrival is logged and changes nothing).
 */
public interface MovementArrivals {

    /**
     * Queues an arrival.
     *
     * @param at the device's time of the fix inside the destination geofence
     * @param place the destination's name
     * @return false when the worker's queue is full and the arrival is dropped (logged; an officer may still move the
     *     movement by hand)
     */
    boolean arrived(long movementId, Instant at, String place);
}
