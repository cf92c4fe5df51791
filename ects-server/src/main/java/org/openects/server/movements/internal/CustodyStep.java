package org.openects.server.movements.internal;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One step of a movement's chain of custody, as recorded by an officer.
 *
 * @param id its number
 * @param movementId the movement
 * @param kind what the step was
 * @param recordedAt when it was recorded
 * @param recordedBy the officer's username
 * @param organisationId the officer's organisation
 * @param place where (office, border post, port)
 * @param fromParty who handed the goods over, for a handover
 * @param toParty who took them, for a handover
 * @param seals the seals checked, each with the state found
 * @param note what the officer wrote
 * @param photos the photos taken, in the order they were sent
 */
record CustodyStep(
        long id,
        long movementId,
        Kind kind,
        Instant recordedAt,
        String recordedBy,
        @Nullable Long organisationId,
        String place,
        @Nullable String fromParty,
        @Nullable String toParty,
        List<SealCheck> seals,
        @Nullable String note,
        List<PhotoInfo> photos) {

    CustodyStep {
        seals = List.copyOf(seals);
        photos = List.copyOf(photos);
    }

    /** What a custody step is. */
    enum Kind {
        /**
         * Seals affixed and armed at the office of departure: the first step, once; moves a movement in {@code
         * SEALS_ASSIGNED} to {@code ARMED}.
         */
        ARMED,
        /**
         * Seals checked (border post, transit office, destination); custody unchanged. After arrival it moves the
         * movement from {@code ARRIVED} to {@code SEALS_VERIFIED}.
         */
        VERIFIED,
        /** Custody passes from one party to another, seals checked. */
        HANDOVER,
        /**
         * Seals removed at the office of destination, after they were disarmed: moves the movement from {@code
         * DISARMED} to {@code REMOVED}, which ends supervision; refused in any other state.
         */
        RELEASED,
        /**
         * A seal unlocked under an officer's unlock authorisation (sent by the platform, or done at the truck with an
         * RFID card or a password), recorded by the platform from the device's report ({@link JdbcUnlockCustody}):
         * the authorising officers are its {@code recordedBy}, the authorised place its {@code place}; no seals
         * checked, no photos; custody unchanged.
         */
        UNLOCKED;

        /** The audit action: {@code custody.armed}… */
        String action() {
            return "custody." + name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The state a seal was found in. */
    enum SealState {
        /** Present and unbroken, number as declared. */
        INTACT,
        /** Present but broken, cut or tampered with. */
        BROKEN,
        /** Not found. */
        MISSING,
        /** A new seal put on in place of another (the note says which). */
        REPLACED
    }

    /**
     * A seal checked.
     *
     * @param number the number printed or engraved on it
     * @param state the state found
     */
    record SealCheck(String number, SealState state) {}

    /**
     * A photo kept with the step (its bytes and thumbnail are fetched separately).
     *
     * @param sha256 lowercase hex SHA-256 of its exact bytes, as the audit entry attaches it
     * @param contentType {@code image/jpeg} or {@code image/png}
     * @param sizeBytes its size
     */
    record PhotoInfo(String sha256, String contentType, int sizeBytes, int width, int height) {}
}
