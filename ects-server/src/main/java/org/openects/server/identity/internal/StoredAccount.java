package org.openects.server.identity.internal;

import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.openects.server.identity.CurrentUser;
import org.openects.server.identity.OrganisationType;
import org.openects.server.identity.Role;

/** An account as stored, with its password hash and lockout state; never leaves the identity module. */
record StoredAccount(
        long id,
        String username,
        String passwordHash,
        long organisationId,
        String organisationName,
        OrganisationType organisationType,
        boolean enabled,
        int failedLoginCount,
        @Nullable Instant lockedUntil,
        long securityVersion,
        Set<Role> roles) {

    StoredAccount {
        roles = Set.copyOf(roles);
    }

    boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }

    CurrentUser currentUser() {
        return new CurrentUser(username, organisationId, organisationType, roles);
    }

    /** The principal of a session or token issued now: the caller and the account's current security version. */
    AccountPrincipal principal() {
        return new AccountPrincipal(currentUser(), securityVersion);
    }
}
