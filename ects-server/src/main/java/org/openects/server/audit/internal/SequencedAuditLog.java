package org.openects.server.audit.internal;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.openects.evidence.Hash;
import org.openects.evidence.MerkleHashes;
import org.openects.evidence.Verdict;
import org.openects.evidence.checkpoint.Checkpoints;
import org.openects.evidence.checkpoint.NoteSigner;
import org.openects.evidence.checkpoint.SignedCheckpoint;
import org.openects.evidence.checkpoint.VerifierKey;
import org.openects.evidence.entry.AuditEntry;
import org.openects.evidence.entry.EntryDraft;
import org.openects.evidence.entry.Subject;
import org.openects.evidence.log.Sequencer;
import org.openects.evidence.merkle.CompactRange;
import org.openects.evidence.merkle.InMemoryTreeStore;
import org.openects.evidence.merkle.MerkleTree;
import org.openects.evidence.merkle.TreeWriter;
import org.openects.server.audit.AuditEvent;
import org.openects.server.audit.AuditLog;
import org.openects.server.audit.FrameArchive;
import org.openects.server.audit.FrameProof;
import org.openects.server.audit.IngestBatch;
import org.openects.server.shared.BulkRows;
import org.openects.server.shared.PoisonSplitter;
import org.openects.server.shared.Quarantine;
import org.openects.server.shared.TimeOrderedIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit log's single writer, behind a transactional outbox. Recording inserts the entry's draft into
 * {@code audit_outbox}: within the caller's transaction when there is one (all the transaction's entries in one batch,
 * just before it commits), so that the state change and its entry commit together, or else in a statement of its own.
 * Once committed, the draft is also handed to the writer in memory (the fast path). One thread takes up to
 * {@code batch-size} of them at a time, gives them their sequence numbers ({@link Sequencer}) and, in one transaction,
 * deletes their outbox rows and inserts the entries, the new tree nodes and the new size; then it signs a checkpoint
 * when {@code checkpoint-interval} has passed or {@code checkpoint-entries} arrived.
 *
 * <p>The outbox row is the claim: the writer appends a draft only in the transaction that deletes its row, and if a row
 * is already gone (appended from the outbox before its in-memory copy arrived) the draft is dropped, so an entry is
 * never appended twice. At start, before anything else, the writer appends what the outbox holds (what a crash left
 * there), in id order; while idle it also appends rows older than a minute that nothing in memory claimed. At most
 * 50,000 entries wait in memory: when the writer is that far behind, recording waits up to 100 ms for room, then
 * leaves the entry in the outbox only, and the writer appends it from there once it has caught up, or before a flush
 * or checkpoint completes. A failing database stalls the writer (retrying); the drafts stay in the outbox meanwhile.
 */
@Service
class SequencedAuditLog implements AuditLog, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SequencedAuditLog.class);
    private static final String INGRESS = AuditEvent.system("ingress");
    private static final int BACKLOG_WARNING = 100_000;
    /**
     * The most entries (with outbox rows) that wait for the writer in memory. Beyond, recording waits up to
     * {@link #queueWait} (100 ms) for room (back-pressure), then leaves the entry in the outbox only: the writer
     * appends it from there once it has caught up (or when asked to flush), so memory stays bounded.
     */
    private static final int QUEUE_LIMIT = 50_000;

    private static final Duration OVERFLOW_WARNING_INTERVAL = Duration.ofMinutes(1);

    private static final String FRAME_COLUMNS = "raw_message_id, batch_sequence, frame_index";

    private final JdbcTemplate jdbc;
    /**
     * The writer's connection: its own DataSource (PostgreSQL role {@code ects_audit_writer}) when {@code
     * ects.audit.datasource.url} is set, else the application's.
     */
    private final JdbcTemplate writerJdbc;

    private final TransactionTemplate writerTransactions;
    private final @Nullable HikariDataSource writerDataSource;
    /** The outbox as the writer reads and empties it (on the writer's connection). */
    private final AuditOutbox writerOutbox;

    private final AuditProperties properties;
    private final NoteSigner signer;
    private final JdbcTreeStore store;
    private final Sequencer sequencer;
    private final AuditOutbox outbox;
    private final Quarantine quarantine;
    private final PoisonSplitter<Pending> splitter;
    private final Counter refused;
    /** Whether the database is PostgreSQL: the writer's batches then go in by COPY. */
    private final boolean copy;

    private final LinkedBlockingQueue<Work> queue = new LinkedBlockingQueue<>();
    private volatile @Nullable SignedCheckpoint latest;
    private volatile boolean running;
    private volatile @Nullable Thread thread;
    private boolean backlogWarned;
    private volatile int queueLimit = QUEUE_LIMIT;
    private volatile Duration queueWait = Duration.ofMillis(100);
    /** Room in memory for entries with outbox rows: taken when queued, given back when the writer takes them. */
    private volatile Semaphore room = new Semaphore(QUEUE_LIMIT);
    /** Some entries were left in the outbox only, the queue being full. */
    private final AtomicBoolean overflow = new AtomicBoolean();

    private final AtomicLong lastOverflowWarning =
            new AtomicLong(System.nanoTime() - OVERFLOW_WARNING_INTERVAL.toNanos());
    private volatile boolean outboxFailureWarned;
    /** How long a committed outbox row may wait for its in-memory copy before the idle writer appends it anyway. */
    private volatile Duration orphanAge = Duration.ofMinutes(1);
    /** The ingress's raw archive, where frame proofs read the digests of a batch's frames. */
    private volatile @Nullable FrameArchive frameArchive;

    private sealed interface Work permits Pending, Flush, CheckpointRequest {}

    /**
     * An entry to append (with, for an ingest batch, the raw message ids whose positions it records).
     *
     * @param inOutbox whether the row is in {@code audit_outbox} (false only if the database refused it when recorded)
     */
    private record Pending(AuditOutbox.Row row, boolean inOutbox) implements Work {}

    private record Flush(CompletableFuture<Void> done) implements Work {}

    private record CheckpointRequest(CompletableFuture<SignedCheckpoint> done) implements Work {}

    /** A writer of its own, outside Spring (benchmark, tests): its quarantine's alarms go to a meter registry of its own. */
    SequencedAuditLog(
            JdbcTemplate jdbc,
            PlatformTransactionManager transactionManager,
            AuditProperties properties,
            AuditStorageProperties storage,
            Path dataDir) {
        this(
                jdbc,
                transactionManager,
                properties,
                storage,
                dataDir,
                new Quarantine(jdbc, new SimpleMeterRegistry()),
                new SimpleMeterRegistry());
    }

    @Autowired
    SequencedAuditLog(
            JdbcTemplate jdbc,
            PlatformTransactionManager transactionManager,
            AuditProperties properties,
            AuditStorageProperties storage,
            @Value("${ects.data-dir}") Path dataDir,
            Quarantine quarantine,
            MeterRegistry meters) {
        this.quarantine = quarantine;
        this.splitter = PoisonSplitter.standard("audit", () -> running);
        this.refused = Counter.builder("ects.audit.refused")
                .description(
                        "Audit events refused before sequencing: a field longer than its column, an impossible time")
                .register(meters);
        this.jdbc = jdbc;
        AuditStorageProperties.Datasource own = storage.datasource();
        if (own.configured()) {
            this.writerDataSource = DataSourceBuilder.create()
                    .type(HikariDataSource.class)
                    .url(own.url())
                    .username(own.username())
                    .password(own.password())
                    .build();
            writerDataSource.setPoolName("audit-writer");
            writerDataSource.setMaximumPoolSize(2);
            this.writerJdbc = new JdbcTemplate(writerDataSource);
            this.writerTransactions = new TransactionTemplate(new DataSourceTransactionManager(writerDataSource));
            log.info("Audit writer: its own connection as {} ({})", own.username(), own.url());
        } else {
            this.writerDataSource = null;
            this.writerJdbc = jdbc;
            this.writerTransactions = new TransactionTemplate(transactionManager);
        }
        this.properties = properties;
        this.signer = SigningKey.load(
                properties.signingKey(), dataDir.resolve("keys").resolve("audit-signing.key"), properties.origin());
        this.copy = BulkRows.isPostgres(jdbc);
        this.store = new JdbcTreeStore(writerJdbc, copy);
        this.sequencer = new Sequencer(store, properties.origin());
        this.outbox = new AuditOutbox(jdbc);
        this.writerOutbox = new AuditOutbox(writerJdbc);
        this.latest = loadLatestCheckpoint();
        log.info(
                "Audit log {}: {} entries; checkpoints verify with {}",
                properties.origin(),
                store.size(),
                signer.verifierKey());
    }

    // ---- recording

    @Override
    public void record(AuditEvent event) {
        record(event, TimeOrderedIds.next());
    }

    /** Records the event under the given outbox id (tests give one that is taken). */
    void record(AuditEvent event, long outboxId) {
        AuditOutbox.Row row;
        try {
            row = AuditOutbox.Row.of(outboxId, draft(event), null);
        } catch (IllegalArgumentException e) {
            // Refused before it could take a sequence number: the log stays gapless. The ERROR line and the
            // ects.audit.refused counter are the alarm (docs/operations.md).
            refused.increment();
            log.error("Audit event {} {} refused: {}", event.action(), event.subjectId(), e.getMessage());
            return;
        }
        enqueue(row);
    }

    @Override
    public void recordFrames(IngestBatch batch) {
        CompactRange range = new CompactRange();
        for (byte[] digest : batch.digests()) {
            range.append(MerkleHashes.leaf(digest), node -> {});
        }
        long first = batch.rawMessageIds().getFirst();
        long last = batch.rawMessageIds().getLast();
        EntryDraft draft = new EntryDraft(
                batch.archivedAt(),
                INGRESS,
                "frames.archived",
                new Subject("ingest-batch", Long.toString(first)),
                Map.of(
                        "root", range.root().base64(),
                        "count", Integer.toString(batch.digests().size()),
                        "firstRawMessageId", Long.toString(first),
                        "lastRawMessageId", Long.toString(last)),
                List.of());
        long[] frames =
                batch.rawMessageIds().stream().mapToLong(Long::longValue).toArray();
        enqueue(AuditOutbox.Row.of(TimeOrderedIds.next(), draft, frames));
    }

    private void enqueue(AuditOutbox.Row row) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            if (TransactionSynchronizationManager.isSynchronizationActive()) {
                transactionEntries().rows.add(row);
            } else {
                // A transaction Spring does not synchronise: the row commits with it, and the idle writer finds it.
                outbox.insert(List.of(row));
            }
            return;
        }
        try {
            outbox.insert(List.of(row));
        } catch (DataAccessException e) {
            if (!outboxFailureWarned) {
                outboxFailureWarned = true;
                log.warn(
                        "The audit outbox refuses entries ({}); they wait in memory for the writer until it recovers",
                        e.getMostSpecificCause().getMessage());
            }
            add(new Pending(row, false));
            return;
        }
        outboxFailureWarned = false;
        add(new Pending(row, true));
    }

    /** The entries recorded in the current transaction: inserted just before it commits, queued once it has. */
    private TransactionEntries transactionEntries() {
        for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
            if (synchronization instanceof TransactionEntries entries && entries.owner() == this) {
                return entries;
            }
        }
        TransactionEntries entries = new TransactionEntries();
        TransactionSynchronizationManager.registerSynchronization(entries);
        return entries;
    }

    private final class TransactionEntries implements TransactionSynchronization {
        final List<AuditOutbox.Row> rows = new ArrayList<>();

        SequencedAuditLog owner() {
            return SequencedAuditLog.this;
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            outbox.insert(rows);
        }

        @Override
        public void afterCommit() {
            for (AuditOutbox.Row row : rows) {
                add(new Pending(row, true));
            }
        }
    }

    private void add(Work work) {
        if (work instanceof Pending p && p.inOutbox() && !takeRoom()) {
            overflow.set(true);
            long last = lastOverflowWarning.get();
            long now = System.nanoTime();
            if (now - last >= OVERFLOW_WARNING_INTERVAL.toNanos() && lastOverflowWarning.compareAndSet(last, now)) {
                log.warn(
                        "The audit log writer is {} entries behind: newer ones wait in the audit outbox table until it"
                                + " catches up",
                        queueLimit);
            }
            return;
        }
        queue.add(work);
        if (!backlogWarned && queue.size() > BACKLOG_WARNING) {
            backlogWarned = true;
            log.warn("The audit log writer is {} events behind: is the database reachable?", queue.size());
        }
    }

    private boolean takeRoom() {
        try {
            return room.tryAcquire(queueWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The event as an entry draft, its text cleaned (validated when it becomes an {@link AuditOutbox.Row}). */
    static EntryDraft draft(AuditEvent event) {
        Map<String, String> details = new HashMap<>();
        event.details().forEach((name, value) -> details.put(Text.clean(name), Text.clean(value)));
        return new EntryDraft(
                event.time(),
                Text.clean(event.actor()),
                Text.clean(event.action()),
                new Subject(Text.identifier(event.subjectType()), Text.identifier(event.subjectId())),
                details,
                event.attachments());
    }

    // ---- waiting and reading

    @Override
    public boolean awaitRecorded(Duration timeout) {
        Flush flush = new Flush(new CompletableFuture<>());
        queue.add(flush);
        try {
            flush.done().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    @Override
    public SignedCheckpoint checkpointNow() {
        CheckpointRequest request = new CheckpointRequest(new CompletableFuture<>());
        queue.add(request);
        try {
            return request.done().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for an audit checkpoint", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("no audit checkpoint could be signed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<SignedCheckpoint> latestCheckpoint() {
        return Optional.ofNullable(latest);
    }

    @Override
    public VerifierKey verifierKey() {
        return signer.verifierKey();
    }

    @Override
    public Optional<FrameProof> frameProof(long rawMessageId) {
        List<long[]> position = jdbc.query(
                "SELECT batch_sequence, frame_index FROM audit_frames WHERE raw_message_id = ?",
                (rs, row) -> new long[] {rs.getLong(1), rs.getLong(2)},
                rawMessageId);
        if (position.isEmpty()) {
            return Optional.empty();
        }
        long batchSequence = position.getFirst()[0];
        long index = position.getFirst()[1];
        FrameArchive archive = frameArchive;
        if (archive == null) {
            throw new IllegalStateException("no frame archive to read the frames' digests from");
        }
        List<Long> frameIds = jdbc.queryForList(
                "SELECT raw_message_id FROM audit_frames WHERE batch_sequence = ? ORDER BY frame_index",
                Long.class,
                batchSequence);
        Map<Long, FrameArchive.Frame> archived = archive.frames(frameIds);
        List<Hash> digests = frameIds.stream()
                .map(id -> Hash.of(Optional.ofNullable(archived.get(id))
                        .orElseThrow(() -> new IllegalStateException("frame " + id + " is not in the raw archive"))
                        .digest()))
                .toList();
        InMemoryTreeStore batchTree = new InMemoryTreeStore();
        new TreeWriter(batchTree)
                .append(digests.stream()
                        .map(digest -> MerkleHashes.leaf(digest.bytes()))
                        .toList());
        AuditEntry entry = entries().entry(batchSequence).orElseThrow();
        return Optional.of(new FrameProof(
                rawMessageId,
                digests.get((int) index),
                entry,
                Hash.ofBase64(entry.details().getOrDefault("root", "")),
                new MerkleTree(batchTree).inclusionProof(index, digests.size())));
    }

    /** Where frame proofs read the digests of archived frames (the ingress module's archive). */
    @Autowired(required = false)
    void frameArchive(FrameArchive archive) {
        this.frameArchive = archive;
    }

    /** Sets how many entries may wait in memory and how long recording waits for room (tests take less). */
    void queueLimit(int limit, Duration wait) {
        queueLimit = limit;
        queueWait = wait;
        room = new Semaphore(limit);
    }

    /** Sets how long outbox rows wait for their in-memory copy (a minute; tests take less). */
    void orphanAge(Duration age) {
        orphanAge = age;
    }

    /** The tree over the committed entries (proofs read it with one query each). */
    MerkleTree tree() {
        return new MerkleTree(store);
    }

    NoteSigner signer() {
        return signer;
    }

    AuditEntryQueries entries() {
        return new AuditEntryQueries(jdbc);
    }

    // ---- the writer

    @Override
    public void start() {
        running = true;
        thread = Thread.ofPlatform().name("audit-writer").start(this::run);
    }

    @Override
    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            try {
                t.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        HikariDataSource own = writerDataSource;
        if (own != null) {
            own.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Starts before and stops after everything that records (web server, ingress, monitoring).
        return 0;
    }

    private void run() {
        long interval = properties.checkpointInterval().toNanos();
        long lastCheckpoint = System.nanoTime();
        long sinceCheckpoint = 0;
        SignedCheckpoint current = latest;
        if (current == null || current.checkpoint().size() != store.size()) {
            sinceCheckpoint = 1;
            lastCheckpoint -= interval;
        }
        long recovered = recover();
        if (recovered < 0) {
            return;
        }
        sinceCheckpoint += recovered;
        long lastOrphanCheck = System.nanoTime();
        List<Work> work = new ArrayList<>(properties.batchSize());
        while (true) {
            try {
                long waitNanos = sinceCheckpoint > 0
                        ? Math.max(0, interval - (System.nanoTime() - lastCheckpoint))
                        : TimeUnit.MILLISECONDS.toNanos(200);
                Work first = queue.poll(Math.min(waitNanos, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
                if (first != null) {
                    work.add(first);
                    queue.drainTo(work, properties.batchSize() - 1);
                    int taken = 0;
                    for (Work w : work) {
                        if (w instanceof Pending p && p.inOutbox()) {
                            taken++;
                        }
                    }
                    room.release(taken);
                } else if (!running) {
                    break;
                } else if (System.nanoTime() - lastOrphanCheck >= orphanAge.toNanos()) {
                    lastOrphanCheck = System.nanoTime();
                    long orphans = appendFromOutbox(Instant.now().minus(orphanAge));
                    if (orphans < 0) {
                        break;
                    }
                    sinceCheckpoint += orphans;
                }
                List<Pending> pending = new ArrayList<>(work.size());
                boolean requested = false;
                boolean waited = false;
                for (Work w : work) {
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
                    int written = write(pending);
                    if (written < 0) {
                        failAll(work, "the audit log is shutting down without having written these entries");
                        break;
                    }
                    sinceCheckpoint += written;
                }
                if (overflow.get() && (waited || room.availablePermits() > queueLimit / 2)) {
                    // Entries left in the outbox when the queue was full: before a flush or checkpoint completes (it
                    // covers everything recorded before it), or once the queue has half emptied.
                    overflow.set(false);
                    long backlog = appendFromOutbox(Instant.now());
                    if (backlog < 0) {
                        failAll(work, "the audit log is shutting down without having written these entries");
                        break;
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
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("The audit log writer failed on {} queued items; retrying", work.size(), e);
                failAll(work, "audit log writer failed: " + e.getMessage());
                sleepQuietly(1_000);
            } finally {
                work.clear();
            }
        }
        try {
            signCheckpoint();
        } catch (RuntimeException e) {
            log.warn("No final audit checkpoint at shutdown: {}", e.getMessage());
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
        while (running) {
            try {
                if (!scanned) {
                    upTo = writerOutbox.maxId();
                    scanned = true;
                }
                AuditOutbox.Page page = writerOutbox.read(after, upTo, properties.batchSize());
                if (page.scanned() == 0) {
                    if (recovered > 0) {
                        log.info("Audit log: {} entries recovered from the outbox", recovered);
                    }
                    return recovered;
                }
                int written = write(pending(page.rows()));
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
            AuditOutbox.Page page = writerOutbox.enqueuedBefore(before, after, properties.batchSize());
            if (page.scanned() == 0) {
                log.debug("Audit log: {} entries appended from the outbox", appended);
                return appended;
            }
            int written = write(pending(page.rows()));
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

    /** Some drafts of a batch were appended already (their outbox rows are gone): the batch is rolled back. */
    private static final class AlreadyAppended extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AlreadyAppended() {
            super("some audit outbox rows were appended already", null, false, false);
        }
    }

    /**
     * Appends the entries through the {@link PoisonSplitter}: each part in one transaction that also deletes their
     * outbox rows, retried while the database is unreachable and the platform runs. Drafts whose rows are gone were
     * appended already and are dropped. An entry the database refuses (which the checks before sequencing did not
     * catch) is isolated, kept in {@code writer_quarantine} (writer {@code audit}) with its outbox row deleted in the
     * same transaction, and alarmed; it never took a sequence number (its part rolled back), so the log stays gapless
     * and fsck holds. Returns how many entries it appended, or -1 if it gave up because the platform is stopping (the
     * rows stay in the outbox for the next start).
     */
    private int write(List<Pending> batch) throws InterruptedException {
        int[] appended = {0};
        PoisonSplitter.Outcome<Pending> outcome =
                splitter.write(batch, part -> appended[0] += append(part), this::quarantine);
        if (outcome == null) {
            log.error(
                    "Shutting down: {} audit entries not appended now; those in the outbox will be at the next start",
                    batch.size() - appended[0]);
            return -1;
        }
        return appended[0];
    }

    /** Appends the entries in one transaction; those already appended (their outbox rows gone) are left out. */
    private int append(List<Pending> batch) {
        boolean check = false;
        while (true) {
            List<Pending> attempt = check ? notYetAppended(batch) : batch;
            if (attempt.isEmpty()) {
                return 0;
            }
            List<byte[]> drafts = new ArrayList<>(attempt.size());
            List<Long> claims = new ArrayList<>(attempt.size());
            for (Pending p : attempt) {
                drafts.add(p.row().canonical());
                if (p.inOutbox()) {
                    claims.add(p.row().id());
                }
            }
            try {
                writerTransactions.executeWithoutResult(status -> {
                    if (!claims.isEmpty() && writerOutbox.delete(claims) != claims.size()) {
                        throw new AlreadyAppended();
                    }
                    insert(attempt, sequencer.appendCanonical(drafts));
                });
                return attempt.size();
            } catch (AlreadyAppended e) {
                check = true;
            }
        }
    }

    /** Keeps an entry the database refused, out of the outbox and into the quarantine, in one transaction. */
    private void quarantine(Pending pending, RuntimeException failure) {
        // With an audit writer of its own (ects.audit.datasource), the quarantine row is written on the application's
        // connection and commits just before the outbox row's deletion; if that deletion then fails, the entry is
        // appended or quarantined again from the outbox.
        writerTransactions.executeWithoutResult(status -> {
            if (pending.inOutbox()) {
                writerOutbox.delete(List.of(pending.row().id()));
            }
            long[] frames = pending.row().frames();
            String text = new String(pending.row().canonical(), StandardCharsets.UTF_8)
                    + (frames == null ? "" : "\nframes: " + java.util.Arrays.toString(frames));
            quarantine.keep("audit", "audit-entry", text, failure);
        });
        log.error(
                "AUDIT ENTRY NOT IN THE LOG: {} {} was refused by the database and is kept in writer_quarantine;"
                        + " fix and replay it (docs/operations.md)",
                pending.row().draft().action(),
                pending.row().draft().subject().id());
    }

    /** The drafts of the batch whose outbox rows still exist (or that never had one). */
    private List<Pending> notYetAppended(List<Pending> batch) {
        List<Long> ids = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            if (p.inOutbox()) {
                ids.add(p.row().id());
            }
        }
        Set<Long> existing = writerOutbox.existing(ids);
        List<Pending> left = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            if (!p.inOutbox() || existing.contains(p.row().id())) {
                left.add(p);
            }
        }
        return left;
    }

    /**
     * Inserts the entries (their columns from the drafts, their bytes as sequenced) and their frames' positions: COPY on
     * PostgreSQL, batched INSERTs elsewhere.
     */
    private void insert(List<Pending> pending, List<Sequencer.Appended> entries) {
        int frameCount = 0;
        for (Pending p : pending) {
            long[] frames = p.row().frames();
            frameCount += frames == null ? 0 : frames.length;
        }
        BulkRows rows = new BulkRows(copy, "audit_entries", StoredEntries.COLUMNS.split(", "));
        BulkRows frames = new BulkRows(copy, "audit_frames", FRAME_COLUMNS.split(", "));
        for (int i = 0; i < entries.size(); i++) {
            Sequencer.Appended entry = entries.get(i);
            EntryDraft draft = pending.get(i).row().draft();
            rows.row()
                    .bigint(entry.sequence())
                    .timestamptz(draft.time())
                    .text(draft.actor())
                    .text(draft.action())
                    .text(draft.subject().type())
                    .text(draft.subject().id())
                    .bytea(entry.canonical())
                    .bytea(entry.leafHash().bytes());
            long[] batch = pending.get(i).row().frames();
            if (batch != null) {
                for (int f = 0; f < batch.length; f++) {
                    frames.row().bigint(batch[f]).bigint(entry.sequence()).int4(f);
                }
            }
        }
        rows.insert(writerJdbc);
        frames.insert(writerJdbc);
    }

    private void signCheckpoint() {
        SignedCheckpoint signed = sequencer.signCheckpoint(signer);
        SignedCheckpoint previous = latest;
        if (previous != null
                && previous.checkpoint().size() >= signed.checkpoint().size()) {
            return;
        }
        writerJdbc.update(
                "INSERT INTO audit_checkpoints (size, root, note, created_at) VALUES (?, ?, ?, ?)",
                signed.checkpoint().size(),
                signed.checkpoint().root().bytes(),
                signed.text(),
                Timestamp.from(Instant.now()));
        latest = signed;
        log.debug("Audit checkpoint {} signed", signed.checkpoint().size());
    }

    private void complete(List<Work> work) {
        for (Work w : work) {
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

    private static void failAll(List<Work> work, String why) {
        for (Work w : work) {
            switch (w) {
                case Flush f -> f.done().completeExceptionally(new IllegalStateException(why));
                case CheckpointRequest r -> r.done().completeExceptionally(new IllegalStateException(why));
                case Pending p -> {}
            }
        }
    }

    private @Nullable SignedCheckpoint loadLatestCheckpoint() {
        List<String> notes = jdbc.queryForList(
                "SELECT note FROM audit_checkpoints ORDER BY size DESC, id DESC LIMIT 1", String.class);
        if (notes.isEmpty()) {
            return null;
        }
        Verdict<SignedCheckpoint> verdict = Checkpoints.verify(notes.getFirst(), signer.verifierKey());
        if (verdict instanceof Verdict.Valid<SignedCheckpoint> valid) {
            return valid.value();
        }
        log.warn(
                "The latest stored audit checkpoint does not verify with the current key ({}); a new one will be signed",
                verdict);
        return null;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
