package org.openects.server.audit.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.openects.evidence.checkpoint.NoteSigner;
import org.openects.evidence.checkpoint.SignedCheckpoint;
import org.openects.evidence.log.Sequencer;
import org.openects.server.audit.internal.AuditWork.CheckpointRequest;
import org.openects.server.audit.internal.AuditWork.Flush;
import org.openects.server.audit.internal.AuditWork.Pending;
import org.openects.server.shared.BatchWorker;
import org.openects.server.shared.Quarantine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit log's single writer: the handler of its {@link BatchWorker} thread ({@code audit-writer}). At start,
 * before anything else, it appends what the outbox holds (what a crash left there), in id order. Then it takes up to
 * {@code batch-size} queued items at a time, gives the entries their sequence numbers ({@link Sequencer}) and, in one
 * transaction, deletes their outbox rows and inserts the entries, the new tree nodes and the new size; it signs a
 * checkpoint when {@code checkpoint-interval} has passed or {@code checkpoint-entries} arrived, and completes the flush
 * and checkpoint requests taken with them. While idle it appends outbox rows older than the orphan age that nothing in
 * memory claimed; entries left in the outbox when memory was full ({@link AuditRoom}) are appended before a flush or
 * checkpoint request completes, or once the queue has half emptied. At the end it signs a last checkpoint. A failing
 * database stalls it (retrying); the drafts stay in the outbox meanwhile.
 */
final class AuditWriter implements BatchWorker.Handler<AuditWork> {

    private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);
    private static final Duration LONGEST_WAIT = Duration.ofMillis(200);

    private final AuditProperties properties;
    private final NoteSigner signer;
    private final JdbcTreeStore store;
    private final Sequencer sequencer;
    private final AuditOutbox outbox;
    private final JdbcTemplate jdbc;
    private final AuditRoom room;
    private final BooleanSupplier running;
    private final AuditAppender appender;

    private volatile @Nullable SignedCheckpoint latest;
    /** How long a committed outbox row may wait for its in-memory copy before the idle writer appends it anyway. */
    private volatile Duration orphanAge = Duration.ofMinutes(1);

    // The writer thread's own state.
    private final long interval;
    private long lastCheckpoint;
    private long sinceCheckpoint;
    private long lastOrphanCheck;

    /**
     * @param outbox the outbox on the writer's connection
     * @param jdbc the writer's connection
     * @param transactions the writer's transactions
     * @param copy whether batches go in by COPY (PostgreSQL)
     * @param running false once the log stops: retries give up
     * @param latest the latest stored checkpoint that verifies, if any
     */
    AuditWriter(
            AuditProperties properties,
            NoteSigner signer,
            JdbcTreeStore store,
            Sequencer sequencer,
            AuditOutbox outbox,
            JdbcTemplate jdbc,
            TransactionTemplate transactions,
            Quarantine quarantine,
            boolean copy,
            AuditRoom room,
            BooleanSupplier running,
            @Nullable SignedCheckpoint latest) {
        this.properties = properties;
        this.signer = signer;
        this.store = store;
        this.sequencer = sequencer;
        this.outbox = outbox;
        this.jdbc = jdbc;
        this.room = room;
        this.running = running;
        this.appender = new AuditAppender(sequencer, outbox, jdbc, transactions, quarantine, copy, running);
        this.latest = latest;
        this.interval = properties.checkpointInterval().toNanos();
    }

    /** The latest checkpoint signed (or loaded at start), if any. */
    @Nullable
    SignedCheckpoint latest() {
        return latest;
    }

    /** Sets how long outbox rows wait for their in-memory copy (a minute; tests take less). */
    void orphanAge(Duration age) {
        orphanAge = age;
    }

    @Override
    public boolean starting() {
        lastCheckpoint = System.nanoTime();
        sinceCheckpoint = 0;
        SignedCheckpoint current = latest;
        if (current == null || current.checkpoint().size() != store.size()) {
            sinceCheckpoint = 1;
            lastCheckpoint -= interval;
        }
        long recovered = recover();
        if (recovered < 0) {
            return false;
        }
        sinceCheckpoint += recovered;
        lastOrphanCheck = System.nanoTime();
        return true;
    }

    /** Until the next checkpoint is due, when entries wait for one; at most 200 ms. */
    @Override
    public Duration nextWait(Duration configured) {
        long waitNanos = sinceCheckpoint > 0
                ? Math.max(0, interval - (System.nanoTime() - lastCheckpoint))
                : LONGEST_WAIT.toNanos();
        return Duration.ofNanos(Math.min(waitNanos, LONGEST_WAIT.toNanos()));
    }

    @Override
    public void handle(List<AuditWork> work) throws InterruptedException {
        int taken = 0;
        for (AuditWork w : work) {
            if (w instanceof Pending p && p.inOutbox()) {
                taken++;
            }
        }
        room.release(taken);
        try {
            List<Pending> pending = new ArrayList<>(work.size());
            boolean requested = false;
            boolean waited = false;
            for (AuditWork w : work) {
                if (w instanceof Pending p) {
                    pending.add(p);
                } else if (w instanceof CheckpointRequest) {
                    requested = true;
                    waited = true;
                } else {
                    waited = true;
                }
            }
            if (!pending.isEmpty()) {
                int written = appender.write(pending);
                if (written < 0) {
                    giveUp(work);
                }
                sinceCheckpoint += written;
            }
            afterwards(work, requested, waited);
        } catch (BatchWorker.GiveUp e) {
            throw e;
        } catch (RuntimeException e) {
            failed(work, e);
        }
    }

    @Override
    public void idle() throws InterruptedException {
        try {
            if (System.nanoTime() - lastOrphanCheck >= orphanAge.toNanos()) {
                lastOrphanCheck = System.nanoTime();
                long orphans = appendFromOutbox(Instant.now().minus(orphanAge));
                if (orphans < 0) {
                    throw new BatchWorker.GiveUp("the audit log is stopping");
                }
                sinceCheckpoint += orphans;
            }
            afterwards(List.of(), false, false);
        } catch (BatchWorker.GiveUp e) {
            throw e;
        } catch (RuntimeException e) {
            failed(List.of(), e);
        }
    }

    @Override
    public void stopped() {
        try {
            signCheckpoint();
        } catch (RuntimeException e) {
            log.warn("No final audit checkpoint at shutdown: {}", e.getMessage());
        }
    }

    /**
     * After the entries taken (if any): appends what overflowed into the outbox when it is due, signs a checkpoint when
     * one is due or requested, then completes the requests taken.
     */
    private void afterwards(List<AuditWork> work, boolean requested, boolean waited) throws InterruptedException {
        if (room.overflowDue(waited)) {
            // Entries left in the outbox when the queue was full: before a flush or checkpoint completes (it covers
            // everything recorded before it), or once the queue has half emptied.
            long backlog = appendFromOutbox(Instant.now());
            if (backlog < 0) {
                giveUp(work);
            }
            sinceCheckpoint += backlog;
        }
        if (requested
                || sinceCheckpoint >= properties.checkpointEntries()
                || (sinceCheckpoint > 0 && System.nanoTime() - lastCheckpoint >= interval)) {
            signCheckpoint();
            sinceCheckpoint = 0;
            lastCheckpoint = System.nanoTime();
        }
        complete(work);
    }

    /** The log is stopping without having written these entries: their requests fail, and the thread ends. */
    private static void giveUp(List<AuditWork> work) {
        failAll(work, "the audit log is shutting down without having written these entries");
        throw new BatchWorker.GiveUp("the audit log is stopping with entries not written");
    }

    /** A failure the retries did not absorb: the requests taken fail, and the writer waits a second before going on. */
    private void failed(List<AuditWork> work, RuntimeException e) {
        log.error("The audit log writer failed on {} queued items; retrying", work.size(), e);
        failAll(work, "audit log writer failed: " + e.getMessage());
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt(); // the worker's next take ends the thread
        }
    }

    /**
     * Appends what the outbox held when the writer started (entries committed but not appended when the process
     * stopped), in id order, before any new work. Returns how many, or -1 if the platform stopped meanwhile.
     */
    private long recover() {
        long upTo = Long.MIN_VALUE;
        long after = Long.MIN_VALUE;
        long recovered = 0;
        boolean scanned = false;
        while (running.getAsBoolean()) {
            try {
                if (!scanned) {
                    upTo = outbox.maxId();
                    scanned = true;
                }
                AuditOutbox.Page page = outbox.read(after, upTo, properties.batchSize());
                if (page.scanned() == 0) {
                    if (recovered > 0) {
                        log.info("Audit log: {} entries recovered from the outbox", recovered);
                    }
                    return recovered;
                }
                int written = appender.write(pending(page.rows()));
                if (written < 0) {
                    return -1;
                }
                recovered += written;
                after = page.lastId();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            } catch (RuntimeException e) {
                log.error("Reading the audit outbox failed; retrying", e);
                sleepQuietly(1_000);
            }
        }
        return -1;
    }

    /**
     * Appends the outbox rows enqueued before {@code before} (its id order): rows left there when the queue was full, or
     * older than {@link #orphanAge} that no in-memory copy claimed (a transaction Spring did not synchronise, a
     * callback that never ran). Rows whose in-memory copies are still queued are appended here, and the copies dropped
     * when their turn comes. Returns how many, or -1 if the platform stopped meanwhile.
     */
    private long appendFromOutbox(Instant before) throws InterruptedException {
        long after = Long.MIN_VALUE;
        long appended = 0;
        while (true) {
            AuditOutbox.Page page = outbox.enqueuedBefore(before, after, properties.batchSize());
            if (page.scanned() == 0) {
                log.debug("Audit log: {} entries appended from the outbox", appended);
                return appended;
            }
            int written = appender.write(pending(page.rows()));
            if (written < 0) {
                return -1;
            }
            appended += written;
            after = page.lastId();
        }
    }

    private static List<Pending> pending(List<AuditOutbox.Row> rows) {
        List<Pending> pending = new ArrayList<>(rows.size());
        for (AuditOutbox.Row row : rows) {
            pending.add(new Pending(row, true));
        }
        return pending;
    }

    private void signCheckpoint() {
        SignedCheckpoint signed = sequencer.signCheckpoint(signer);
        SignedCheckpoint previous = latest;
        if (previous != null
                && previous.checkpoint().size() >= signed.checkpoint().size()) {
            return;
        }
        jdbc.update(
                "INSERT INTO audit_checkpoints (size, root, note, created_at) VALUES (?, ?, ?, ?)",
                signed.checkpoint().size(),
                signed.checkpoint().root().bytes(),
                signed.text(),
                Timestamp.from(Instant.now()));
        latest = signed;
        log.debug("Audit checkpoint {} signed", signed.checkpoint().size());
    }

    private void complete(List<AuditWork> work) {
        for (AuditWork w : work) {
            switch (w) {
                case Flush f -> f.done().complete(null);
                case CheckpointRequest r -> {
                    SignedCheckpoint signed = latest;
                    if (signed == null) {
                        r.done().completeExceptionally(new IllegalStateException("no checkpoint signed yet"));
                    } else {
                        r.done().complete(signed);
                    }
                }
                case Pending p -> {}
            }
        }
    }

    private static void failAll(List<AuditWork> work, String why) {
        for (AuditWork w : work) {
            switch (w) {
                case Flush f -> f.done().completeExceptionally(new IllegalStateException(why));
                case CheckpointRequest r -> r.done().completeExceptionally(new IllegalStateException(why));
                case Pending p -> {}
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
