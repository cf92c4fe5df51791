package org.openects.server.audit.internal;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
import org.openects.server.audit.internal.AuditWork.CheckpointRequest;
import org.openects.server.audit.internal.AuditWork.Flush;
import org.openects.server.audit.internal.AuditWork.Pending;
import org.openects.server.shared.BatchWorker;
import org.openects.server.shared.BulkRows;
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
 * The audit log, behind a transactional outbox, with a single writer ({@link AuditWriter} on a {@link BatchWorker}).
 * Recording inserts the entry's draft into {@code audit_outbox}: within the caller's transaction when there is one
 * (all the transaction's entries in one batch, just before it commits), so that the state change and its entry commit
 * together, or else in a statement of its own. Once committed, the draft is also handed to the writer in memory (the
 * fast path), which appends it, signs checkpoints and answers flush and checkpoint requests; this class also reads the
 * log (checkpoints, frame proofs, entries).
 *
 * <p>The outbox row is the claim: the writer appends a draft only in the transaction that deletes its row, and if a row
 * is already gone (appended from the outbox before its in-memory copy arrived) the draft is dropped, so an entry is
 * never appended twice. At start, before anything else, the writer appends what the outbox holds (what a crash left
 * there), in id order; while idle it also appends rows older than a minute that nothing in memory claimed. At most
 * 50,000 entries wait in memory ({@link AuditRoom}): when the writer is that far behind, recording waits up to 100 ms
 * for room, then leaves the entry in the outbox only, and the writer appends it from there once it has caught up, or
 * before a flush or checkpoint completes. A failing database stalls the writer (retrying); the drafts stay in the
 * outbox meanwhile.
 */
@Service
public class SequencedAuditLog implements AuditLog, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SequencedAuditLog.class);
    private static final String INGRESS = AuditEvent.system("ingress");
    private static final int BACKLOG_WARNING = 100_000;
    /**
     * The most entries (with outbox rows) that wait for the writer in memory. Beyond, recording waits up to
     * 100 ms for room (back-pressure), then leaves the entry in the outbox only: the writer
     * appends it from there once it has caught up (or when asked to flush), so memory stays bounded.
     */
    private static final int QUEUE_LIMIT = 50_000;

    private static final Duration OVERFLOW_WARNING_INTERVAL = Duration.ofMinutes(1);

    private final JdbcTemplate jdbc;
    /** The writer's own DataSource (PostgreSQL role {@code ects_audit_writer}), if {@code ects.audit.datasource}. */
    private final @Nullable HikariDataSource writerDataSource;

    private final NoteSigner signer;
    private final JdbcTreeStore store;
    private final AuditOutbox outbox;
    private final Counter refused;
    private final AuditRoom room = new AuditRoom(QUEUE_LIMIT, Duration.ofMillis(100));
    private final AuditWriter writer;
    /** The writer's thread and its queue (unbounded: {@link #room} bounds the entries with outbox rows). */
    private final BatchWorker<AuditWork> worker;

    private boolean backlogWarned;
    private final AtomicLong lastOverflowWarning =
            new AtomicLong(System.nanoTime() - OVERFLOW_WARNING_INTERVAL.toNanos());
    private volatile boolean outboxFailureWarned;
    /** The ingress's raw archive, where frame proofs read the digests of a batch's frames. */
    private volatile @Nullable FrameArchive frameArchive;

    /** A writer of its own, outside Spring (benchmark, tests): its quarantine's alarms go to a meter registry of its own. */
    public SequencedAuditLog(
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
        this.refused = Counter.builder("ects.audit.refused")
                .description(
                        "Audit events refused before sequencing: a field longer than its column, an impossible time")
                .register(meters);
        this.jdbc = jdbc;
        JdbcTemplate writerJdbc;
        TransactionTemplate writerTransactions;
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
            writerJdbc = new JdbcTemplate(writerDataSource);
            writerTransactions = new TransactionTemplate(new DataSourceTransactionManager(writerDataSource));
            log.info("Audit writer: its own connection as {} ({})", own.username(), own.url());
        } else {
            this.writerDataSource = null;
            writerJdbc = jdbc;
            writerTransactions = new TransactionTemplate(transactionManager);
        }
        this.signer = SigningKey.load(
                properties.signingKey(), dataDir.resolve("keys").resolve("audit-signing.key"), properties.origin());
        boolean copy = BulkRows.isPostgres(jdbc);
        this.store = new JdbcTreeStore(writerJdbc, copy);
        this.outbox = new AuditOutbox(jdbc);
        this.writer = new AuditWriter(
                properties,
                signer,
                store,
                new Sequencer(store, properties.origin()),
                new AuditOutbox(writerJdbc),
                writerJdbc,
                writerTransactions,
                quarantine,
                copy,
                room,
                this::isRunning,
                loadLatestCheckpoint());
        this.worker = BatchWorker.<AuditWork>named("audit")
                .threadName("audit-writer")
                .capacity(Integer.MAX_VALUE)
                .batchSize(properties.batchSize())
                .stopWithin(Duration.ofSeconds(15))
                .build(meters, partition -> writer);
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

    private void add(AuditWork work) {
        if (work instanceof Pending p && p.inOutbox() && !room.take()) {
            long last = lastOverflowWarning.get();
            long now = System.nanoTime();
            if (now - last >= OVERFLOW_WARNING_INTERVAL.toNanos() && lastOverflowWarning.compareAndSet(last, now)) {
                log.warn(
                        "The audit log writer is {} entries behind: newer ones wait in the audit outbox table until it"
                                + " catches up",
                        room.limit());
            }
            return;
        }
        worker.offerTo(0, work);
        if (!backlogWarned && worker.depth(0) > BACKLOG_WARNING) {
            backlogWarned = true;
            log.warn("The audit log writer is {} events behind: is the database reachable?", worker.depth(0));
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
        worker.offerTo(0, flush);
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
        worker.offerTo(0, request);
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
        return Optional.ofNullable(writer.latest());
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
    public void frameArchive(FrameArchive archive) {
        this.frameArchive = archive;
    }

    /** Sets how many entries may wait in memory and how long recording waits for room (tests take less). */
    void queueLimit(int limit, Duration wait) {
        room.resize(limit, wait);
    }

    /** Sets how long outbox rows wait for their in-memory copy (a minute; tests take less). */
    void orphanAge(Duration age) {
        writer.orphanAge(age);
    }

    /** The tree over the committed entries (proofs read it with one query each). */
    public MerkleTree tree() {
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
        worker.start();
    }

    @Override
    public void stop() {
        worker.stop();
        HikariDataSource own = writerDataSource;
        if (own != null) {
            own.close();
        }
    }

    @Override
    public boolean isRunning() {
        return worker.isRunning();
    }

    @Override
    public int getPhase() {
        // Starts before and stops after everything that records (web server, ingress, monitoring).
        return 0;
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
}
