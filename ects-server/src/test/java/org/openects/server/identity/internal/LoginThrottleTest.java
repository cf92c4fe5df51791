package org.openects.server.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(10, clock);

    @Test
    void anAddressMayFailTenTimesAMinuteBeforeItIsRefused() {
        for (int i = 0; i < 9; i++) {
            throttle.failed("10.0.0.1");
        }
        assertThat(throttle.refusal("10.0.0.1")).isEmpty();

        throttle.failed("10.0.0.1");

        assertThat(throttle.refusal("10.0.0.1"))
                .hasValueSatisfying(wait -> assertThat(wait).isEqualTo(Duration.ofSeconds(6)));
    }

    @Test
    void aRefusedAddressMayTryAgainOnceOneAttemptHasRefilled() {
        for (int i = 0; i < 10; i++) {
            throttle.failed("10.0.0.1");
        }

        clock.advance(Duration.ofSeconds(6));

        assertThat(throttle.refusal("10.0.0.1")).isEmpty();
    }

    @Test
    void otherAddressesAreNotAffected() {
        for (int i = 0; i < 10; i++) {
            throttle.failed("10.0.0.1");
        }

        assertThat(throttle.refusal("10.0.0.2")).isEmpty();
    }

    @Test
    void theBudgetNeverGrowsBeyondTenAttempts() {
        throttle.failed("10.0.0.1");
        clock.advance(Duration.ofHours(1));
        for (int i = 0; i < 10; i++) {
            throttle.failed("10.0.0.1");
        }

        assertThat(throttle.refusal("10.0.0.1")).isPresent();
    }

    @Test
    void resetForgetsEveryAddress() {
        for (int i = 0; i < 10; i++) {
            throttle.failed("10.0.0.1");
        }

        throttle.reset();

        assertThat(throttle.refusal("10.0.0.1")).isEmpty();
    }
}
