package org.openects.server.movements;

import java.util.List;
import org.openects.server.identity.CurrentUser;

/**
 * Records the first step of a movement's chain of custody for callers inside the platform (the demo): seals armed at
 * the office of departure, with photos, exactly as {@code POST /api/v1/movements/{id}/custody} with kind
 * {@code ARMED} does (same checks, same audit entry).
 */
public interface SealArming {

    /**
     * Records that the officer armed these seals, found intact, at the place.
     *
     * @param photos JPEG or PNG files, at most six
     * @return the custody step's number
     * @throws MovementRejectedException when the movement is not active or already has a custody step
     */
    long armSeals(long movementId, String place, List<String> sealNumbers, List<byte[]> photos, CurrentUser officer);
}
