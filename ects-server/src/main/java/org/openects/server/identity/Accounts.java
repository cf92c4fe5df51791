package org.openects.server.identity;

import java.util.List;
import java.util.Set;

/** Local user accounts, for other modules (seeding). Administrators manage accounts through the API. */
public interface Accounts {

    /**
     * The id of the account with this username, creating it if there is none. An existing account is left as it is:
     * its password, organisation and roles are not changed.
     *
     * @param username lower-case letters, digits, '.', '_' or '-', 3 to 64 characters
     * @param password clear text, checked against the password policy (at least 12 characters, not the username)
     * @param organisationId an existing organisation whose type suits every role (customs roles need a customs
     *     organisation, TRADER a trader...)
     * @param roles at least one role
     * @throws IllegalArgumentException if a new account would break one of these rules
     */
    long ensureUser(String username, String password, long organisationId, Set<Role> roles);

    /**
     * Disables those of these accounts that exist and are enabled, ending their sessions and tokens; each is logged at
     * WARN and audited as {@code account.disabled} with the reason.
     *
     * @return the usernames it disabled
     */
    List<String> disable(List<String> usernames, String reason);

    /**
     * Enables those of these accounts that exist and are disabled (the demo accounts, when the demo mode starts on a
     * database where a start without it disabled them); each is audited as {@code account.enabled} with the reason.
     *
     * @return the usernames it enabled
     */
    List<String> enable(List<String> usernames, String reason);
}
