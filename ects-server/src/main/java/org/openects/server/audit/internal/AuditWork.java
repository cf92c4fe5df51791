package org.openects.server.audit.internal;

import java.util.concurrent.CompletableFuture;
import org.openects.evidence.checkpoint.SignedCheckpoint;

/** What the audit log's writer thread is given: entries to append, and requests answered once it got to them. */
sealed interface AuditWork permits AuditWork.Pending, AuditWork.Flush, AuditWork.CheckpointRequest {

    /**
     * An entry to append (with, for an ingest batch, the raw message ids whose positions it records).
     *
     * @param inOutbox whether the row is in {@code audit_outbox} (false only if the database refused it when recorded)
     */
    record Pending(AuditOutbox.Row row, boolean inOutbox) implements AuditWork {}

    /** Completed once everything queued before it is appended (or failed, if the writer could not). */
    record Flush(CompletableFuture<Void> done) implements AuditWork {}

    /** Completed with a checkpoint over everything queued before it. */
    record CheckpointRequest(CompletableFuture<SignedCheckpoint> done) implements AuditWork {}
}
