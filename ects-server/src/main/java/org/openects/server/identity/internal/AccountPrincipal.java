package org.openects.server.identity.internal;

import java.io.Serial;
import java.io.Serializable;
import org.openects.server.identity.CurrentUser;
import org.springframework.security.core.AuthenticatedPrincipal;

/** The principal of every authenticated request, session or bearer: the caller as a {@link CurrentUser}. */
record AccountPrincipal(CurrentUser user) implements AuthenticatedPrincipal, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    @Override
    public String getName() {
        return user.username();
    }
}
