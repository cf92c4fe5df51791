package org.openects.server.commands.internal;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An unlock authorisation as stored and as the API shows it.
 *
 * @param id its number
 * @param reference what the device receives (its 32-bit code, for the native protocol) and the audit log names:
 *     {@code UA-} and the id
 * @param deviceId the seal
 * @param movementId the supervised movement the seal is on
 * @param movementReference that movement's customs document
 * @param place where the unlock is authorised
 * @param method {@code REMOTE} (the platform sends the unlock) or {@code AT_TRUCK} (RFID card or password at the lock)
 * @param reason why, as the officer wrote it
 * @param validFrom from when it may be used
 * @param validUntil until when
 * @param twoPerson whether it needed a second officer's confirmation (the place's office has the two-person option)
 * @param state where it is
 * @param authorisedBy the officer who authorised it
 * @param authorisedAt when
 * @param confirmedBy the second officer, under the two-person option
 * @param confirmedAt when
 * @param revokedBy who revoked it
 * @param revokedAt when
 * @param commandCounter for {@code REMOTE}: the device command that carries it
 * @param ackStatus the status of that command once the device answered it or it timed out
 * @param usedAt for an unlock the device reported under it: the device's time of the unlock
 * @param detail remarks (why the command failed, which report used it)
 */
record UnlockAuthorisation(
        long id,
        String reference,
        String deviceId,
        long movementId,
        String movementReference,
        UnlockPlace place,
        Method method,
        String reason,
        Instant validFrom,
        Instant validUntil,
        boolean twoPerson,
        State state,
        String authorisedBy,
        Instant authorisedAt,
        @Nullable String confirmedBy,
        @Nullable Instant confirmedAt,
        @Nullable String revokedBy,
        @Nullable Instant revokedAt,
        @Nullable Long commandCounter,
        @Nullable String ackStatus,
        @Nullable Instant usedAt,
        @Nullable String detail) {

    /** How the unlock is done. */
    enum Method {
        /** The platform sends the unlock command over the device's own protocol. */
        REMOTE,
        /** The driver or an officer unlocks at the truck with an RFID card or a password. */
        AT_TRUCK
    }

    /**
     * Where an authorisation is. {@code AWAITING_CONFIRMATION} → {@code EFFECTIVE} (the second officer confirmed, or
     * none was needed); a {@code REMOTE} one then → {@code SENT} (its command issued) → {@code EXECUTED} (the device
     * answered done) or {@code FAILED} (any other answer, or none within the command's validity); an {@code EFFECTIVE}
     * one the device's reported unlock matched → {@code USED}; {@code AWAITING_CONFIRMATION} or {@code EFFECTIVE} →
     * {@code REVOKED} by an officer. Past {@code validUntil} an authorisation is no longer confirmed, sent or matched.
     */
    enum State {
        AWAITING_CONFIRMATION,
        EFFECTIVE,
        SENT,
        EXECUTED,
        FAILED,
        USED,
        REVOKED
    }

    /** Whether an unlock at {@code at} may use it: effective (or sent, for its own unlock) and within its window. */
    boolean coversTime(Instant at) {
        return (state == State.EFFECTIVE || state == State.SENT || state == State.EXECUTED)
                && !at.isBefore(validFrom)
                && !at.isAfter(validUntil);
    }

    /** The officers who authorised it, comma separated. */
    String officers() {
        return confirmedBy == null ? authorisedBy : authorisedBy + "," + confirmedBy;
    }
}
