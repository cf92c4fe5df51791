package org.openects.server.identity.internal;

import java.io.Serial;
import org.openects.server.identity.Role;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/** Authenticates the UI's login form through {@link LoginService}, so that lockout and throttling apply. */
class FormLoginProvider implements AuthenticationProvider {

    /** Too many failed logins from the client's address. */
    static final class ThrottledException extends AuthenticationException {
        @Serial
        private static final long serialVersionUID = 1L;

        ThrottledException() {
            super("Too many failed logins from this address");
        }
    }

    /** Every password-hashing slot is busy. */
    static final class BusyException extends AuthenticationException {
        @Serial
        private static final long serialVersionUID = 1L;

        BusyException() {
            super("The server is busy checking passwords");
        }
    }

    private final LoginService logins;

    FormLoginProvider(LoginService logins) {
        this.logins = logins;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String address = authentication.getDetails() instanceof WebAuthenticationDetails details
                        && details.getRemoteAddress() != null
                ? details.getRemoteAddress()
                : "unknown";
        String password = authentication.getCredentials() == null
                ? ""
                : authentication.getCredentials().toString();
        LoginOutcome outcome = logins.login(authentication.getName(), password, address);
        return switch (outcome) {
            case LoginOutcome.Success success -> {
                var result = UsernamePasswordAuthenticationToken.authenticated(
                        success.principal(),
                        null,
                        success.user().roles().stream()
                                .map(Role::authority)
                                .map(SimpleGrantedAuthority::new)
                                .toList());
                result.setDetails(authentication.getDetails());
                yield result;
            }
            case LoginOutcome.BadCredentials bad -> throw new BadCredentialsException("Bad credentials");
            case LoginOutcome.Locked locked -> throw new LockedException("Account locked until " + locked.until());
            case LoginOutcome.Disabled disabled -> throw new DisabledException("Account disabled");
            case LoginOutcome.Throttled throttled -> throw new ThrottledException();
            case LoginOutcome.Busy busy -> throw new BusyException();
        };
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
