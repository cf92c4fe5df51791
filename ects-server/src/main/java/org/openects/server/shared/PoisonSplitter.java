package org.openects.server.shared;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a batch so that one bad row cannot stop a writer. Every batch writer of the platform goes through it:
 *
 * <ul>
 *   <li>A {@linkplain BatchFailures.Kind#TRANSIENT transient} failure (database down, connection lost, deadlock) is
 *       retried with a growing backoff for as long as the writer runs; nothing is quarantined because of it.
 *   <li>A {@linkplain BatchFailures.Kind#DATA data} failure is retried a few times (with backoff) on the whole batch;
 *       when it persists, the batch is split in halves and each half written on its own (in order), again and again,
 *       until the rows that fail are alone. Each of those goes to the {@link Sink} with the failure (in the platform:
 *       the quarantine table, see {@link Quarantine}); every other row is written.
 * </ul>
 *
 * The {@link Write} is the writer's whole transaction for the rows it is given: it either stores all of them or none
 * (so a half that fails leaves nothing behind). Not thread safe only in the sense that one writer thread uses it.
 *
 * @param <T> the writer's row type
 */
public final class PoisonSplitter<T> {

    private static final Logger log = LoggerFactory.getLogger(PoisonSplitter.class);

    /** Writes rows in one transaction: all or none. */
    @FunctionalInterface
    public interface Write<T> {
        void write(List<T> rows);
    }

    /** Takes a row the database refuses, with the failure that isolated it (stores it in quarantine). */
    @FunctionalInterface
    public interface Sink<T> {
        void quarantine(T row, RuntimeException failure);
    }

    /** Waits between attempts; tests give one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * What became of a batch.
     *
     * @param quarantined the rows that went to the sink, in batch order
     * @param attempts how many times a write was tried
     */
    public record Outcome<T>(List<T> quarantined, int attempts) {}

    private final String writer;
    private final int dataAttempts;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final BooleanSupplier running;
    private final Sleeper sleeper;

    /**
     * @param writer the writer's name, for the log
     * @param dataAttempts how often a batch that fails on its data is tried whole before it is split (at least 1)
     * @param firstBackoff the first wait after a failure; it doubles after each one
     * @param maxBackoff the longest wait
     * @param running false once the writer stops: a failing write then gives up (see {@link #write})
     * @param sleeper how to wait
     */
    public PoisonSplitter(
            String writer,
            int dataAttempts,
            Duration firstBackoff,
            Duration maxBackoff,
            BooleanSupplier running,
            Sleeper sleeper) {
        if (dataAttempts < 1) {
            throw new IllegalArgumentException("dataAttempts must be at least 1: " + dataAttempts);
        }
        this.writer = writer;
        this.dataAttempts = dataAttempts;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
        this.running = running;
        this.sleeper = sleeper;
    }

    /** A splitter with the platform's defaults: 3 tries of a batch, backoff 100 ms doubling up to 10 s. */
    public static <T> PoisonSplitter<T> standard(String writer, BooleanSupplier running) {
        return new PoisonSplitter<>(
                writer, 3, Duration.ofMillis(100), Duration.ofSeconds(10), running, d -> Thread.sleep(d.toMillis()));
    }

    /**
     * Writes the batch: all of it, less the rows that went to the sink. Returns {@code null} when the writer stopped
     * before it was done (the rows not written yet are then neither written nor quarantined: the caller says so).
     */
    public @Nullable Outcome<T> write(List<T> batch, Write<T> write, Sink<T> sink) throws InterruptedException {
        List<T> quarantined = new ArrayList<>();
        Deque<List<T>> parts = new ArrayDeque<>();
        parts.push(List.copyOf(batch));
        int attempts = 0;
        boolean whole = true;
        while (!parts.isEmpty()) {
            List<T> part = parts.pop();
            int dataFailures = 0;
            Duration backoff = firstBackoff;
            while (true) {
                attempts++;
                RuntimeException failure;
                try {
                    write.write(part);
                    break;
                } catch (RuntimeException e) {
                    failure = e;
                }
                if (!running.getAsBoolean()) {
                    return null;
                }
                BatchFailures.Kind kind = BatchFailures.classify(failure);
                if (kind == BatchFailures.Kind.TRANSIENT) {
                    log.error(
                            "{}: writing {} rows failed ({}), retrying in {} ms",
                            writer,
                            part.size(),
                            BatchFailures.message(failure),
                            backoff.toMillis(),
                            failure);
                } else if (whole && ++dataFailures < dataAttempts) {
                    log.error(
                            "{}: writing {} rows failed on their data ({}, SQL state {}), try {} of {} in {} ms",
                            writer,
                            part.size(),
                            BatchFailures.message(failure),
                            BatchFailures.sqlState(failure),
                            dataFailures + 1,
                            dataAttempts,
                            backoff.toMillis(),
                            failure);
                } else if (part.size() == 1) {
                    if (!quarantine(part.getFirst(), failure, sink)) {
                        return null;
                    }
                    quarantined.add(part.getFirst());
                    break;
                } else {
                    int half = part.size() / 2;
                    parts.push(part.subList(half, part.size()));
                    parts.push(part.subList(0, half));
                    break;
                }
                sleeper.sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
            whole = false;
        }
        return new Outcome<>(List.copyOf(quarantined), attempts);
    }

    /** Hands the row to the sink, retrying while the sink fails transiently; false when the writer stopped. */
    private boolean quarantine(T row, RuntimeException failure, Sink<T> sink) throws InterruptedException {
        Duration backoff = firstBackoff;
        while (true) {
            try {
                sink.quarantine(row, failure);
                return true;
            } catch (RuntimeException e) {
                if (!running.getAsBoolean()) {
                    return false;
                }
                if (BatchFailures.classify(e) == BatchFailures.Kind.DATA) {
                    // The quarantine refuses it too: the row is given up, and the log line is all that is left of it.
                    log.error("{}: a row could not be quarantined either and is dropped: {}", writer, row, e);
                    return true;
                }
                log.error("{}: quarantining a row failed ({}), retrying", writer, BatchFailures.message(e), e);
                sleeper.sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
        }
    }
}
