package org.openects.server.movements;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Records an authorised unlock of a seal in its movement's chain of custody (a custody step of kind {@code UNLOCKED}),
 * in the caller's transaction, with its audit entry.
 */
public interface UnlockCustody {

    /**
     * @param movementId the movement the device is on
     * @param deviceId the seal that was unlocked
     * @param method how: {@code REMOTE} (a command the platform sent), {@code RFID_CARD} or {@code PASSWORD} at the truck
     * @param credential the card number, when the device reported one (never a password)
     * @param authorisation the unlock authorisation's reference
     * @param authorisedBy the officer or officers who authorised it, comma separated
     * @param place where: the office's code or the authorised stop's name
     * @param at the device's time of the unlock
     */
    void recordUnlock(
            long movementId,
            String deviceId,
            String method,
            @Nullable String credential,
            String authorisation,
            String authorisedBy,
            String place,
            Instant at);
}
