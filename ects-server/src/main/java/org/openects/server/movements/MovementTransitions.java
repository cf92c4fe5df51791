package org.openects.server.movements;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Moves movements through their lifecycle ({@link MovementState}) for other modules and the platform's own rules:
 * every transition is checked against {@link MovementState#allowedNext()}, stored in the movement's history with who,
 * when, where and why, and audited ({@code movement.transition}) in the caller's transaction (or its own).
 */
public interface MovementTransitions {

    /**
     * Moves a movement to {@code to}.
     *
     * @param actor who: a username, or {@code system:...} for the platform
     * @param place where, if it matters (an office code, a border post)
     * @param reason why, as it goes on record
     * @return the movement in its new state
     * @throws IllegalTransitionException when its state does not allow the move (nothing changes)
     * @throws org.openects.server.shared.NotFoundException when there is no such movement
     */
    Movement transition(long id, MovementState to, String actor, @Nullable String place, String reason);

    /** The movement's transitions, oldest first. */
    List<MovementTransition> history(long id);
}
