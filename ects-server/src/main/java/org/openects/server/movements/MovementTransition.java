package org.openects.server.movements;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One step of a movement through its lifecycle, as recorded.
 *
 * @param id its number
 * @param movementId the movement
 * @param from the state it left; {@code null} for the movement's first state
 * @param to the state it entered
 * @param at when
 * @param actor who: a username, or {@code system:...} when the platform moved it
 * @param place where, if recorded
 * @param reason why
 */
public record MovementTransition(
        long id,
        long movementId,
        @Nullable MovementState from,
        MovementState to,
        Instant at,
        String actor,
        @Nullable String place,
        String reason) {}
