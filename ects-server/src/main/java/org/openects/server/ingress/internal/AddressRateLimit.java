package org.openects.server.ingress.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests per client address: a token bucket per address holding {@code perMinute} tokens, refilled at that rate;
 * each request takes one, and a request finding the bucket empty is refused with how long to wait. In memory and per
 * node. Addresses whose bucket has refilled are forgotten once more than {@link #MAX_TRACKED} are tracked, so that
 * the map stays bounded whoever calls.
 */
final class AddressRateLimit {

    /** Above this many tracked addresses, full buckets (addresses that have been quiet) are forgotten. */
    static final int MAX_TRACKED = 10_000;

    private final Clock clock;
    private final double capacity;
    private final double tokensPerSecond;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    AddressRateLimit(int perMinute, Clock clock) {
        this.clock = clock;
        this.capacity = perMinute;
        this.tokensPerSecond = perMinute / 60.0;
    }

    /** Takes a token for a request from {@code address}: empty if it may go on, else how long it must wait. */
    Optional<Duration> take(String address) {
        if (buckets.size() > MAX_TRACKED) {
            forgetQuietAddresses();
        }
        Instant now = clock.instant();
        Bucket bucket = buckets.computeIfAbsent(address, a -> new Bucket(capacity, now));
        synchronized (bucket) {
            double tokens = bucket.refill(now);
            if (tokens >= 1) {
                bucket.tokens = tokens - 1;
                return Optional.empty();
            }
            long millis = (long) Math.ceil((1 - tokens) / tokensPerSecond * 1000);
            return Optional.of(Duration.ofMillis(Math.max(millis, 1)));
        }
    }

    /** How many addresses are tracked (bounded by about {@link #MAX_TRACKED}). */
    int tracked() {
        return buckets.size();
    }

    private void forgetQuietAddresses() {
        Instant now = clock.instant();
        buckets.entrySet().removeIf(entry -> {
            synchronized (entry.getValue()) {
                return entry.getValue().refill(now) >= capacity;
            }
        });
    }

    private final class Bucket {
        double tokens;
        Instant refilledAt;

        Bucket(double tokens, Instant now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        double refill(Instant now) {
            if (now.isAfter(refilledAt)) {
                double seconds = Duration.between(refilledAt, now).toNanos() / 1e9;
                tokens = Math.min(capacity, tokens + seconds * tokensPerSecond);
                refilledAt = now;
            }
            return tokens;
        }
    }
}
