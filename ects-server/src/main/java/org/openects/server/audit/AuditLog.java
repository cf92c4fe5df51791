package org.openects.server.audit;

import java.time.Duration;
import java.util.Optional;
import org.openects.evidence.checkpoint.SignedCheckpoint;
import org.openects.evidence.checkpoint.VerifierKey;

/**
 * The platform's audit log, fed through a transactional outbox (table {@code audit_outbox}). The log's single writer
 * sequences what was recorded, appends it in batches (entries, tree nodes and the deletion of their outbox rows in one
 * transaction) and signs checkpoints; nothing recorded is lost when the process dies, it is appended at the next start.
 *
 * <ul>
 *   <li>Called inside a transaction, recording adds the entry to that transaction: all entries recorded in it are
 *       inserted into the outbox in one batch just before it commits, so the state change and its audit entries commit
 *       together or not at all (a failing insert fails the commit). They reach the writer once it has committed.
 *   <li>Called outside a transaction, recording inserts the entry into the outbox in a statement of its own (one
 *       round trip; durable when the call returns) and hands it to the writer. If the database refuses, the entry waits
 *       in memory for the writer instead, and is lost if the process dies first.
 * </ul>
 *
 * <p>Either way the entry is in the log shortly after (milliseconds; {@link #awaitRecorded} waits for it), not when
 * recording returns. When the writer is far behind (50,000 entries waiting), handing an entry over waits up to 100 ms
 * for room, then leaves it in the outbox for the writer to find: callers are slowed down, memory stays bounded.
 */
public interface AuditLog {

    /** Records the event: into the outbox (in the caller's transaction, if any), then the log. */
    void record(AuditEvent event);

    /**
     * Records one entry for an archived batch of device frames; call it in the transaction that archives them, so the
     * batch and its entry commit together.
     */
    void recordFrames(IngestBatch batch);

    /**
     * Waits until everything recorded (and committed) before this call is in the log (committed).
     *
     * @return false if that did not happen within {@code timeout}
     */
    boolean awaitRecorded(Duration timeout);

    /** Waits for everything recorded so far, then signs a checkpoint of the whole log (unless one exists for its size). */
    SignedCheckpoint checkpointNow();

    /** The latest signed checkpoint. */
    Optional<SignedCheckpoint> latestCheckpoint();

    /** The key that verifies this log's checkpoints and bundles. */
    VerifierKey verifierKey();

    /** The proof that a raw device message was archived, once its ingest batch entry is in the log. */
    Optional<FrameProof> frameProof(long rawMessageId);
}
