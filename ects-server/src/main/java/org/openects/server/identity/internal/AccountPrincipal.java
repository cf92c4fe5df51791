package org.openects.server.identity.internal;

import java.io.Serial;
import java.io.Serializable;
import org.openects.server.identity.CurrentUser;
import org.springframework.security.core.AuthenticatedPrincipal;

/**
 * The principal of every authenticated request, session or bearer: the caller as a {@link CurrentUser}, and the
 * account's security version when the session or token was issued. A session or token whose version is no longer the
 * account's ({@code users.security_version}) is refused.
 */
record AccountPrincipal(CurrentUser user, long securityVersion) implements AuthenticatedPrincipal, Serializable {

    @Serial
    private static final long serialVersionUID = 2L;

    @Override
    public String getName() {
        return user.username();
    }
}
