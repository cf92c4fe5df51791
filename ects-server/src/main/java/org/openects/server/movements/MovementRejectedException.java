package org.openects.server.movements;

import org.openects.server.shared.ConflictException;

/** A movement request that conflicts with what exists (reference taken, device busy): 409 Conflict on the API. */
public class MovementRejectedException extends ConflictException {

    public MovementRejectedException(String detail) {
        super(detail);
    }

    /** With extension members for the problem (see {@link ConflictException#properties()}). */
    public MovementRejectedException(String detail, java.util.Map<String, ?> properties) {
        super(detail, properties);
    }
}
