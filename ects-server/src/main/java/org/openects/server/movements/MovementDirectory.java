package org.openects.server.movements;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.openects.domain.DeviceId;
import org.openects.server.identity.CurrentUser;

/** Finds movements: active ones from memory for the hot path, any one with the caller's visibility applied. */
public interface MovementDirectory {

    /** The active movement the device is on, if any (from memory). */
    Optional<Movement> activeFor(DeviceId deviceId);

    /** Every active movement (from memory). */
    Collection<Movement> active();

    /** The movement if the caller may see it; empty when it does not exist or is not theirs. */
    Optional<Movement> findVisible(long id, CurrentUser user);

    /** The movements the caller may see, newest first. */
    List<Movement> listVisible(CurrentUser user);

    /** Whether a movement owned by these organisations is visible to the caller. */
    static boolean visible(Movement movement, CurrentUser user) {
        if (user.seesAllOrganisations()) {
            return true;
        }
        return switch (user.organisationType()) {
            case TRADER -> movement.traderOrganisationId() == user.organisationId();
            case TRANSPORTER ->
                movement.transporterOrganisationId() != null
                        && movement.transporterOrganisationId() == user.organisationId();
            default -> false;
        };
    }
}
