package org.openects.server.identity.internal;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.openects.server.identity.OrganisationType;
import org.openects.server.identity.Role;

/** Which usernames and organisation names are acceptable, and which roles suit which kind of organisation. */
final class AccountRules {

    static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,63}");
    static final int MAX_ORGANISATION_NAME = 200;

    private AccountRules() {}

    /** Why this username is not acceptable, or empty if it is. */
    static Optional<String> usernameViolation(String username) {
        if (!USERNAME.matcher(username).matches()) {
            return Optional.of("must be 3 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter"
                    + " or digit");
        }
        return Optional.empty();
    }

    /** Why this organisation name is not acceptable, or empty if it is. */
    static Optional<String> organisationNameViolation(String name) {
        if (name.isBlank()) {
            return Optional.of("must not be blank");
        }
        if (name.length() > MAX_ORGANISATION_NAME) {
            return Optional.of("must be at most " + MAX_ORGANISATION_NAME + " characters long");
        }
        if (!name.equals(name.strip())) {
            return Optional.of("must not start or end with spaces");
        }
        return Optional.empty();
    }

    /**
     * The kind of organisation a role belongs to: customs staff and the customs system work for customs, the
     * others for their own kind of company. Keeps need-to-know consistent: a trader's account never holds a role
     * that sees every organisation.
     */
    static OrganisationType organisationTypeOf(Role role) {
        return switch (role) {
            case OPERATOR, OFFICER, AUDITOR, ADMIN, CUSTOMS_SYSTEM -> OrganisationType.CUSTOMS;
            case TRADER -> OrganisationType.TRADER;
            case TRANSPORTER -> OrganisationType.TRANSPORTER;
            case SEAL_PROVIDER -> OrganisationType.SEAL_PROVIDER;
        };
    }

    /** Why these roles do not suit an organisation of this type, or empty if they do. */
    static Optional<String> rolesViolation(Set<Role> roles, OrganisationType organisationType) {
        if (roles.isEmpty()) {
            return Optional.of("must name at least one role");
        }
        for (Role role : roles) {
            if (organisationTypeOf(role) != organisationType) {
                return Optional.of("role " + role + " needs a " + organisationTypeOf(role) + " organisation, not a "
                        + organisationType + " one");
            }
        }
        return Optional.empty();
    }
}
