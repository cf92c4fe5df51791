package org.openects.server.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The per-address request budget of the anonymous HTTP ingest, on a clock moved by hand. */
class AddressRateLimitTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @Test
    void anAddressGetsItsBudgetThenWaitsForTheRefillAndOthersAreNotAffected() {
        AddressRateLimit limit = new AddressRateLimit(60, clock); // one a second, 60 at once

        for (int i = 0; i < 60; i++) {
            assertThat(limit.take("10.0.0.1")).as("request %d", i).isEmpty();
        }
        assertThat(limit.take("10.0.0.1")).hasValue(Duration.ofSeconds(1));
        assertThat(limit.take("10.0.0.2")).as("another address").isEmpty();

        now.set(now.get().plusMillis(500));
        assertThat(limit.take("10.0.0.1")).hasValue(Duration.ofMillis(500));
        now.set(now.get().plusMillis(500));
        assertThat(limit.take("10.0.0.1")).isEmpty();
        assertThat(limit.take("10.0.0.1")).isPresent();
    }

    @Test
    void quietAddressesAreForgottenSoTheMemoryStaysBounded() {
        AddressRateLimit limit = new AddressRateLimit(60, clock);
        for (int i = 0; i <= AddressRateLimit.MAX_TRACKED + 1; i++) {
            limit.take("10.1." + (i / 256) + "." + (i % 256));
        }
        now.set(now.get().plusSeconds(2)); // every bucket is full again
        limit.take("10.9.9.9");

        assertThat(limit.tracked()).isLessThan(10);
    }
}
