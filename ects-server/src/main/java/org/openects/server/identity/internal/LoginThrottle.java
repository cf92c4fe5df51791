package org.openects.server.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Limits failed logins per client address: a token bucket per address holding {@code loginFailuresPerMinute} tokens,
 * refilled at that rate; each failed login takes one, and logins are refused while the bucket is empty. Successful
 * logins take nothing. In memory and per node: a cluster behind a load balancer multiplies the limit by its size.
 */
@Component
class LoginThrottle {

    /** Above this many tracked addresses, full buckets (addresses that have been quiet) are forgotten. */
    static final int MAX_TRACKED = 10_000;

    private final Clock clock;
    private final double capacity;
    private final double tokensPerSecond;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    @Autowired
    LoginThrottle(IdentityProperties properties) {
        this(properties.loginFailuresPerMinute(), Clock.systemUTC());
    }

    LoginThrottle(int failuresPerMinute, Clock clock) {
        this.clock = clock;
        this.capacity = failuresPerMinute;
        this.tokensPerSecond = failuresPerMinute / 60.0;
    }

    /** How long this address must wait before its next login attempt, or empty if it may try now. */
    Optional<Duration> refusal(String address) {
        Bucket bucket = buckets.get(address);
        if (bucket == null) {
            return Optional.empty();
        }
        synchronized (bucket) {
            double tokens = bucket.refill(clock.instant());
            if (tokens >= 1) {
                return Optional.empty();
            }
            long millis = (long) Math.ceil((1 - tokens) / tokensPerSecond * 1000);
            return Optional.of(Duration.ofMillis(Math.max(millis, 1)));
        }
    }

    /** Counts a failed login from this address. */
    void failed(String address) {
        if (buckets.size() > MAX_TRACKED) {
            forgetQuietAddresses();
        }
        Bucket bucket = buckets.computeIfAbsent(address, a -> new Bucket(capacity, clock.instant()));
        synchronized (bucket) {
            bucket.refill(clock.instant());
            bucket.tokens = Math.max(0, bucket.tokens - 1);
        }
    }

    /** Forgets every address (tests and operators after an incident). */
    void reset() {
        buckets.clear();
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
