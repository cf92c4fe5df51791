package org.openects.server.identity.internal;

import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.openects.server.identity.OrganisationType;
import org.openects.server.identity.Role;

/**
 * An account as the administration API shows it: no password hash.
 *
 * @param lockedUntil set while the account is locked after failed logins
 */
record UserView(
        long id,
        String username,
        long organisationId,
        String organisationName,
        OrganisationType organisationType,
        Set<Role> roles,
        boolean enabled,
        @Nullable Instant lockedUntil,
        @Nullable Instant lastLoginAt,
        Instant createdAt,
        String createdBy) {}
