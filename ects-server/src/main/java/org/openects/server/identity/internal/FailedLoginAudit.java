package org.openects.server.identity.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openects.server.audit.AuditEvent;
import org.openects.server.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Audits failed logins as counted entries, so that anonymous callers cannot grow the audit log without bound: failures
 * are tallied in memory per (typed username, client address) and written every
 * {@code ects.identity.failed-login-audit-interval} as one {@code login.failed} entry per pair, with the count, the
 * first and last time and the count per outcome. At most {@link #MAX_PAIRS} pairs are tallied per interval; failures
 * beyond that go into one entry for subject {@code *} and client {@code *}. So an interval writes at most
 * {@code MAX_PAIRS + 1} entries, however many attempts arrive. The tally is also written when the server stops; a
 * process killed between two writes loses at most one interval of failed-login counts (the warnings in the log and
 * the account's own failure count and lock are not lost).
 */
@Component
class FailedLoginAudit implements SmartLifecycle {

    /** The most (username, address) pairs tallied in one interval. */
    static final int MAX_PAIRS = 1000;

    static final String ANY = "*";

    private static final Logger log = LoggerFactory.getLogger(FailedLoginAudit.class);

    private record Pair(String username, String client) {}

    private static final class Tally {
        long count;
        final Instant first;
        Instant last;
        final Map<String, Long> outcomes = new TreeMap<>();

        Tally(Instant first) {
            this.first = first;
            this.last = first;
        }
    }

    private final AuditLog audit;
    private final Clock clock;
    private final long intervalMillis;
    private final Map<Pair, Tally> tallies = new HashMap<>();
    private @Nullable ScheduledExecutorService scheduler;

    @Autowired
    FailedLoginAudit(AuditLog audit, IdentityProperties properties) {
        this(audit, Clock.systemUTC(), properties.failedLoginAuditInterval().toMillis());
    }

    FailedLoginAudit(AuditLog audit, Clock clock, long intervalMillis) {
        this.audit = audit;
        this.clock = clock;
        this.intervalMillis = intervalMillis;
    }

    /** Counts one failed login of {@code username} (as typed, cut to 64 characters) from {@code client}. */
    void failed(String username, String client, String outcome) {
        Instant now = clock.instant();
        synchronized (tallies) {
            Pair pair = new Pair(username.length() > 64 ? username.substring(0, 64) : username, client);
            if (!tallies.containsKey(pair) && tallies.size() >= MAX_PAIRS) {
                pair = new Pair(ANY, ANY);
            }
            Tally tally = tallies.computeIfAbsent(pair, p -> new Tally(now));
            tally.count++;
            tally.last = now;
            tally.outcomes.merge(outcome, 1L, Long::sum);
        }
    }

    /**
     * Writes one {@code login.failed} entry per tallied pair and starts a new tally.
     *
     * @return the number of entries written
     */
    int flush() {
        Map<Pair, Tally> batch;
        synchronized (tallies) {
            if (tallies.isEmpty()) {
                return 0;
            }
            batch = new HashMap<>(tallies);
            tallies.clear();
        }
        List<AuditEvent> events = new ArrayList<>(batch.size());
        batch.forEach((pair, tally) -> events.add(new AuditEvent(
                tally.last,
                AuditEvent.system("identity"),
                "login.failed",
                "account",
                pair.username(),
                Map.of(
                        "client", pair.client(),
                        "count", Long.toString(tally.count),
                        "first", tally.first.toString(),
                        "last", tally.last.toString(),
                        "outcomes", tally.outcomes.toString()),
                List.of())));
        for (AuditEvent event : events) {
            audit.record(event);
        }
        return events.size();
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("Could not write the failed-login tally to the audit log: {}", e.toString());
        }
    }

    @Override
    public synchronized void start() {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofVirtual().name("failed-login-audit").factory());
            scheduler.scheduleWithFixedDelay(this::flushQuietly, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
            flushQuietly();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    @Override
    public int getPhase() {
        // Stops before the audit writer (which stops late), so that the last tally still reaches the log.
        return 1000;
    }
}
