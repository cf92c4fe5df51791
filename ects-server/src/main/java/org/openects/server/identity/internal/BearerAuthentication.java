package org.openects.server.identity.internal;

import java.io.Serial;
import java.time.Instant;
import org.openects.server.identity.Role;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An API request authenticated by a valid bearer token. */
final class BearerAuthentication extends AbstractAuthenticationToken {

    @Serial
    private static final long serialVersionUID = 1L;

    private final AccountPrincipal principal;
    private final Instant expiresAt;

    BearerAuthentication(AccountPrincipal principal, Instant expiresAt) {
        super(principal.user().roles().stream()
                .map(Role::authority)
                .map(SimpleGrantedAuthority::new)
                .toList());
        this.principal = principal;
        this.expiresAt = expiresAt;
        setAuthenticated(true);
    }

    /** When the token expires. */
    Instant expiresAt() {
        return expiresAt;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public AccountPrincipal getPrincipal() {
        return principal;
    }
}
