package org.openects.server.shared;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A budget per client address: a token bucket per address holding {@code perMinute} tokens, refilled at that rate.
 * The anonymous HTTP ingest takes a token per request, the login throttle one per failed login. In memory and per
 * node. Addresses whose bucket has refilled are forgotten once more than {@link #MAX_TRACKED} are tracked, so that the
 * map stays bounded whoever calls.
 */
public final class AddressBuckets {

    /** Above this many tracked addresses, full buckets (addresses that have been quiet) are forgotten. */
    public static final int MAX_TRACKED = 10_000;

    private final Clock clock;
    private final double capacity;
    private final double tokensPerSecond;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * @param perMinute the tokens of a full bucket, and how many come back a minute
     * @param clock the time the buckets refill by
     */
    public AddressBuckets(int perMinute, Clock clock) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("a budget per minute must be at least 1: " + perMinute);
        }
        this.clock = clock;
        this.capacity = perMinute;
        this.tokensPerSecond = perMinute / 60.0;
    }

    /** Takes a token for {@code address}: empty if it had one, else how long until it has (nothing is taken). */
    public Optional<Duration> take(String address) {
        Bucket bucket = bucketOf(address);
        synchronized (bucket) {
            double tokens = bucket.refill(clock.instant());
            if (tokens >= 1) {
                bucket.tokens = tokens - 1;
                return Optional.empty();
            }
            return Optional.of(waitFor(tokens));
        }
    }

    /** How long {@code address} must wait for a token, or empty if it has one now; takes nothing. */
    public Optional<Duration> waitOf(String address) {
        Bucket bucket = buckets.get(address);
        if (bucket == null) {
            return Optional.empty();
        }
        synchronized (bucket) {
            double tokens = bucket.refill(clock.instant());
            return tokens >= 1 ? Optional.empty() : Optional.of(waitFor(tokens));
        }
    }

    /** Takes a token from {@code address} if it has one left (a failure counted after the fact); never below zero. */
    public void spend(String address) {
        Bucket bucket = bucketOf(address);
        synchronized (bucket) {
            bucket.refill(clock.instant());
            bucket.tokens = Math.max(0, bucket.tokens - 1);
        }
    }

    /** How many addresses are tracked (bounded by about {@link #MAX_TRACKED}). */
    public int tracked() {
        return buckets.size();
    }

    /** Forgets every address. */
    public void reset() {
        buckets.clear();
    }

    private Bucket bucketOf(String address) {
        if (buckets.size() > MAX_TRACKED) {
            forgetQuietAddresses();
        }
        return buckets.computeIfAbsent(address, a -> new Bucket(capacity, clock.instant()));
    }

    private Duration waitFor(double tokens) {
        long millis = (long) Math.ceil((1 - tokens) / tokensPerSecond * 1000);
        return Duration.ofMillis(Math.max(millis, 1));
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
