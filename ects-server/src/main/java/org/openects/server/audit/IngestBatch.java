package org.openects.server.audit;

import java.time.Instant;
import java.util.List;

/**
 * One archived batch of raw device messages: the log keeps one entry per batch with the Merkle root over the frames'
 * SHA-256 digests (in archive order), so that every frame can be proven with that entry and an inclusion proof within
 * the batch ({@link AuditLog#frameProof}).
 *
 * @param archivedAt when the batch was archived (in its archive transaction)
 * @param rawMessageIds the raw message ids, in archive order
 * @param digests the SHA-256 digest of each message's bytes, in the same order
 */
public record IngestBatch(Instant archivedAt, List<Long> rawMessageIds, List<byte[]> digests) {

    public IngestBatch {
        if (rawMessageIds.size() != digests.size() || rawMessageIds.isEmpty()) {
            throw new IllegalArgumentException("one digest per raw message, and at least one message");
        }
        rawMessageIds = List.copyOf(rawMessageIds);
        digests = List.copyOf(digests);
    }
}
