package org.openects.server.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The per-address budget of the HTTP ingest and the login throttle, on a clock moved by hand. */
class AddressBucketsTest {

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
        AddressBuckets limit = new AddressBuckets(60, clock); // one a second, 60 at once

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
    void spendingCountsAfterTheFactNeverGoesBelowEmptyAndWaitingTakesNothing() {
        AddressBuckets failures = new AddressBuckets(2, clock); // two a minute
        assertThat(failures.waitOf("10.0.0.3")).as("an address never seen").isEmpty();
        failures.spend("10.0.0.3");
        assertThat(failures.waitOf("10.0.0.3")).isEmpty();
        failures.spend("10.0.0.3");
        failures.spend("10.0.0.3");
        assertThat(failures.waitOf("10.0.0.3")).hasValue(Duration.ofSeconds(30));
        assertThat(failures.waitOf("10.0.0.3")).as("asking takes nothing").hasValue(Duration.ofSeconds(30));
        now.set(now.get().plusSeconds(30));
        assertThat(failures.waitOf("10.0.0.3")).isEmpty();
    }

    @Test
    void quietAddressesAreForgottenSoTheMemoryStaysBounded() {
        AddressBuckets limit = new AddressBuckets(60, clock);
        for (int i = 0; i <= AddressBuckets.MAX_TRACKED + 1; i++) {
            limit.take("10.1." + (i / 256) + "." + (i % 256));
        }
        now.set(now.get().plusSeconds(2)); // every bucket is full again
        limit.take("10.9.9.9");

        assertThat(limit.tracked()).isLessThan(10);
    }
}
