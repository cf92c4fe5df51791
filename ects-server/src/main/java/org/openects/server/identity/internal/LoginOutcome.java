package org.openects.server.identity.internal;

import java.time.Duration;
import java.time.Instant;
import org.openects.server.identity.CurrentUser;

/** What came of a login attempt. Expected outcomes, not exceptions. */
sealed interface LoginOutcome {

    /** Username and password match an enabled, unlocked account; the principal carries its security version. */
    record Success(AccountPrincipal principal) implements LoginOutcome {

        CurrentUser user() {
            return principal.user();
        }
    }

    /** Unknown username or wrong password (deliberately not told apart). */
    record BadCredentials() implements LoginOutcome {}

    /** The account is locked after too many failed logins; nothing was checked. */
    record Locked(Instant until) implements LoginOutcome {}

    /** The right password for a disabled account. */
    record Disabled() implements LoginOutcome {}

    /** Too many failed logins from this address; nothing was checked. */
    record Throttled(Duration retryAfter) implements LoginOutcome {}

    /** Every password-hashing slot stayed busy for the whole wait; nothing was checked or counted. */
    record Busy() implements LoginOutcome {}
}
