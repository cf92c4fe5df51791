package org.openects.server.identity;

import java.util.Objects;

/**
 * A customs administration, trading company, haulier or seal provider whose people use OpenECTS.
 *
 * @param id the organisation's id, as carried by {@link CurrentUser#organisationId()}
 * @param name its unique name
 * @param type what kind of organisation it is
 */
public record Organisation(long id, String name, OrganisationType type) {

    public Organisation {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
