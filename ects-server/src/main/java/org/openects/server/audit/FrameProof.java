package org.openects.server.audit;

import org.openects.evidence.Hash;
import org.openects.evidence.entry.AuditEntry;
import org.openects.evidence.merkle.InclusionProof;

/**
 * The proof that a raw device frame was archived: the ingest batch entry (itself in the log) names the Merkle root
 * over its batch's frame digests ({@code details.root}, base64), and {@code proof} leads from the frame's digest (as
 * an RFC 6962 leaf: SHA-256(0x00 ‖ digest)) to that root.
 *
 * @param rawMessageId the raw message
 * @param digest SHA-256 of its bytes
 * @param batchEntry the log entry of its ingest batch
 * @param batchRoot the Merkle root over the batch's frame digests
 * @param proof its inclusion proof within the batch (leaf index = position in the batch, tree size = batch size)
 */
public record FrameProof(long rawMessageId, Hash digest, AuditEntry batchEntry, Hash batchRoot, InclusionProof proof) {}
