package org.openects.server.identity.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.openects.server.identity.CurrentUser;
import org.openects.server.identity.OrganisationType;
import org.openects.server.identity.Role;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * Issues API bearer tokens and turns verified ones back into an authentication. Claims: {@code sub} username,
 * {@code org} organisation id, {@code orgType}, {@code roles} (role names), {@code ver} (the account's security version
 * at issue), {@code iat}, {@code exp}. Roles and organisation come from the token; every request also checks that the
 * account still exists, is enabled and still has that security version, so disabling an account, changing its roles or
 * ending its sessions cuts its tokens off at once.
 */
class Tokens implements Converter<Jwt, BearerAuthentication> {

    static final String ORGANISATION = "org";
    static final String ORGANISATION_TYPE = "orgType";
    static final String ROLES = "roles";
    static final String SECURITY_VERSION = "ver";

    private final JwtEncoder encoder;
    private final AccountRepository accounts;
    private final IdentityProperties properties;
    private final Clock clock;

    Tokens(JwtEncoder encoder, AccountRepository accounts, IdentityProperties properties, Clock clock) {
        this.encoder = encoder;
        this.accounts = accounts;
        this.properties = properties;
        this.clock = clock;
    }

    IssuedToken issue(AccountPrincipal principal) {
        CurrentUser user = principal.user();
        Instant now = clock.instant();
        Instant expiresAt = now.plus(properties.tokenTtl());
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .subject(user.username())
                .issuedAt(now)
                .expiresAt(expiresAt)
                .claim(ORGANISATION, user.organisationId())
                .claim(ORGANISATION_TYPE, user.organisationType().name())
                .claim(ROLES, user.roles().stream().map(Role::name).sorted().toList())
                .claim(SECURITY_VERSION, principal.securityVersion())
                .build();
        JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).build();
        String token = encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
        return new IssuedToken(token, expiresAt);
    }

    @Override
    public BearerAuthentication convert(Jwt jwt) {
        CurrentUser user;
        long version;
        try {
            String username = required(jwt.getSubject(), "sub");
            Object organisation = required(jwt.getClaim(ORGANISATION), ORGANISATION);
            long organisationId = organisation instanceof Number number
                    ? number.longValue()
                    : Long.parseLong(organisation.toString());
            OrganisationType type =
                    OrganisationType.valueOf(required(jwt.getClaimAsString(ORGANISATION_TYPE), ORGANISATION_TYPE));
            List<String> roleNames = required(jwt.getClaimAsStringList(ROLES), ROLES);
            Set<Role> roles = EnumSet.noneOf(Role.class);
            roleNames.forEach(name -> roles.add(Role.valueOf(name)));
            user = new CurrentUser(username, organisationId, type, roles);
            Object versionClaim = required(jwt.getClaim(SECURITY_VERSION), SECURITY_VERSION);
            version = versionClaim instanceof Number number
                    ? number.longValue()
                    : Long.parseLong(versionClaim.toString());
        } catch (IllegalArgumentException e) {
            throw new InvalidBearerTokenException("The token's claims are not valid: " + e.getMessage());
        }
        if (!accounts.securityState(user.username())
                .map(state -> state.accepts(version))
                .orElse(false)) {
            throw new InvalidBearerTokenException(
                    "The token's account is disabled or gone, or its sessions were ended");
        }
        Instant expiresAt = required(jwt.getExpiresAt(), "exp");
        return new BearerAuthentication(new AccountPrincipal(user, version), expiresAt);
    }

    private static <T> T required(@Nullable T value, String claim) {
        if (value == null) {
            throw new IllegalArgumentException("claim '" + claim + "' is missing");
        }
        return value;
    }
}
