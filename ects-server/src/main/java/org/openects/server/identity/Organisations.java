package org.openects.server.identity;

import java.util.List;
import java.util.Optional;

/** The organisations known to OpenECTS, for other modules (seeding, showing an owner's name). */
public interface Organisations {

    /**
     * The id of the organisation with this name, creating it with this type if there is none.
     *
     * @throws IllegalArgumentException if the name is blank or too long, or an organisation of that name exists with
     *     another type
     */
    long ensure(String name, OrganisationType type);

    /** The organisation with this id, if any. */
    Optional<Organisation> find(long id);

    /** Every organisation, by name. */
    List<Organisation> all();
}
