package org.openects.server.audit;

import java.time.Duration;
import java.util.Optional;
import org.openects.evidence.checkpoint.SignedCheckpoint;
import org.openects.evidence.checkpoint.VerifierKey;

/**
 * The platform's audit log. Recording never blocks and never touches the database on the caller's thread: events are
 * queued for the log's single writer, which sequences them, appends them in batches (entries and tree nodes in one
 * transaction) and signs checkpoints. Called inside a transaction, an event is queued only once it commits.
 */
public interface AuditLog {

    /** Queues the event for the log. */
    void record(AuditEvent event);

    /** Queues one entry for an archived batch of device frames. */
    void recordFrames(IngestBatch batch);

    /**
     * Waits until everything queued before this call is in the log (committed).
     *
     * @return false if that did not happen within {@code timeout}
     */
    boolean awaitRecorded(Duration timeout);

    /** Waits for everything queued so far, then signs a checkpoint of the whole log (unless one exists for its size). */
    SignedCheckpoint checkpointNow();

    /** The latest signed checkpoint. */
    Optional<SignedCheckpoint> latestCheckpoint();

    /** The key that verifies this log's checkpoints and bundles. */
    VerifierKey verifierKey();

    /** The proof that a raw device message was archived, once its ingest batch entry is in the log. */
    Optional<FrameProof> frameProof(long rawMessageId);
}
