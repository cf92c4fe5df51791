package org.openects.server.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.openects.server.shared.AddressBuckets;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Limits failed logins per client address: a budget of {@code loginFailuresPerMinute} per address ({@link
 * AddressBuckets}), refilled at that rate; each failed login takes one, and logins are refused while none is left.
 * Successful logins take nothing. In memory and per node: a cluster behind a load balancer multiplies the limit by its
 * size.
 */
@Component
class LoginThrottle {

    private final AddressBuckets failures;

    @Autowired
    LoginThrottle(IdentityProperties properties) {
        this(properties.loginFailuresPerMinute(), Clock.systemUTC());
    }

    LoginThrottle(int failuresPerMinute, Clock clock) {
        this.failures = new AddressBuckets(failuresPerMinute, clock);
    }

    /** How long this address must wait before its next login attempt, or empty if it may try now. */
    Optional<Duration> refusal(String address) {
        return failures.waitOf(address);
    }

    /** Counts a failed login from this address. */
    void failed(String address) {
        failures.spend(address);
    }

    /** Forgets every address (tests and operators after an incident). */
    void reset() {
        failures.reset();
    }
}
