package org.openects.evidence.bundle;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.openects.evidence.checkpoint.SignedCheckpoint;
import org.openects.evidence.entry.AuditEntry;
import org.openects.evidence.merkle.ConsistencyProof;
import org.openects.evidence.merkle.MerkleTree;

/**
 * The content of an evidence bundle for one movement.
 *
 * @param movementReference the movement the bundle is about
 * @param generatedAt when it was made (kept to the second)
 * @param generator what made it, for example {@code OpenECTS 0.1.0}
 * @param checkpoint the signed checkpoint all inclusion proofs lead to
 * @param entries the entries, each with its proof
 * @param frames digests of device frames the entries refer to
 * @param consistencyProofs optional proofs from earlier tree sizes to the checkpoint's
 */
public record EvidenceBundle(
        String movementReference,
        Instant generatedAt,
        String generator,
        SignedCheckpoint checkpoint,
        List<BundleEntry> entries,
        List<FrameDigest> frames,
        List<ConsistencyProof> consistencyProofs) {

    public EvidenceBundle {
        generatedAt = generatedAt.truncatedTo(ChronoUnit.SECONDS);
        entries = List.copyOf(entries);
        frames = List.copyOf(frames);
        consistencyProofs = List.copyOf(consistencyProofs);
    }

    /**
     * A bundle of {@code entries} with their inclusion proofs from {@code tree} against {@code checkpoint}, which must
     * cover them all.
     */
    public static EvidenceBundle assemble(
            String movementReference,
            Instant generatedAt,
            String generator,
            SignedCheckpoint checkpoint,
            List<AuditEntry> entries,
            List<FrameDigest> frames,
            MerkleTree tree) {
        long size = checkpoint.checkpoint().size();
        List<BundleEntry> proven = entries.stream()
                .map(entry -> new BundleEntry(entry, tree.inclusionProof(entry.sequence(), size)))
                .toList();
        return new EvidenceBundle(movementReference, generatedAt, generator, checkpoint, proven, frames, List.of());
    }

    /** This bundle also carrying consistency proofs from earlier checkpoints. */
    public EvidenceBundle withConsistencyProofs(List<ConsistencyProof> proofs) {
        return new EvidenceBundle(movementReference, generatedAt, generator, checkpoint, entries, frames, proofs);
    }
}
