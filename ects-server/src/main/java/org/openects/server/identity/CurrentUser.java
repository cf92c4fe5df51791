package org.openects.server.identity;

import java.util.Set;

/**
 * The authenticated caller of a request, whether it came with a UI session or a bearer token. Controllers take it as
 * a method parameter.
 *
 * @param username the account name
 * @param organisationId the caller's organisation
 * @param organisationType the kind of that organisation
 * @param roles the caller's roles
 */
public record CurrentUser(String username, long organisationId, OrganisationType organisationType, Set<Role> roles) {

    public CurrentUser {
        roles = Set.copyOf(roles);
    }

    public boolean hasRole(Role role) {
        return roles.contains(role);
    }

    /**
     * Whether the caller sees every organisation's movements (customs roles) rather than only its own organisation's.
     */
    public boolean seesAllOrganisations() {
        return organisationType == OrganisationType.CUSTOMS;
    }

    /** Whether the caller may learn inspection selections (need-to-know: never traders, transporters, providers). */
    public boolean mayKnowInspections() {
        return organisationType == OrganisationType.CUSTOMS;
    }
}
