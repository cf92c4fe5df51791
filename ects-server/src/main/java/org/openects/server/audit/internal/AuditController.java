package org.openects.server.audit.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.openects.evidence.Hash;
import org.openects.evidence.checkpoint.SignedCheckpoint;
import org.openects.evidence.entry.AuditEntry;
import org.openects.evidence.merkle.ConsistencyProof;
import org.openects.evidence.merkle.InclusionProof;
import org.openects.evidence.merkle.MerkleTree;
import org.openects.server.audit.FrameProof;
import org.openects.server.shared.InvalidFieldException;
import org.openects.server.shared.NotFoundException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The audit log for witnesses (checkpoints, the verifier key and proofs, anonymously) and auditors (entries). Read
 * only: nothing here changes the log.
 */
@RestController
@RequestMapping("/api/v1/audit")
class AuditController {

    private static final int MAX_ENTRIES = 1_000;

    private final SequencedAuditLog audit;

    AuditController(SequencedAuditLog audit) {
        this.audit = audit;
    }

    /**
     * A proof as JSON.
     *
     * @param leafIndex the proven entry (inclusion proofs)
     * @param treeSize the tree size proven against (inclusion proofs)
     * @param oldSize the earlier tree size (consistency proofs)
     * @param newSize the later tree size (consistency proofs)
     * @param hashes the proof's hashes, base64, in RFC 9162 order
     */
    record ProofView(
            @Nullable Long leafIndex,
            @Nullable Long treeSize,
            @Nullable Long oldSize,
            @Nullable Long newSize,
            List<String> hashes) {}

    /**
     * One entry as an auditor reads it.
     *
     * @param canonical the leaf bytes, base64 (authoritative)
     * @param leafHash the RFC 6962 leaf hash, base64
     */
    record EntryView(
            long sequence,
            String time,
            String actor,
            String action,
            Map<String, String> subject,
            Map<String, String> details,
            List<Map<String, String>> attachments,
            String canonical,
            String leafHash) {}

    /** The latest signed note, as text whatever the client accepts (witnesses fetch it with anything). */
    @GetMapping("/checkpoint")
    ResponseEntity<String> checkpoint() {
        return text(audit.latestCheckpoint()
                .map(SignedCheckpoint::text)
                .orElseThrow(() -> new NotFoundException("no checkpoint has been signed yet")));
    }

    @GetMapping("/verifier-key")
    ResponseEntity<String> verifierKey() {
        return text(audit.verifierKey() + "\n");
    }

    private static ResponseEntity<String> text(String body) {
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
                .body(body);
    }

    @GetMapping("/proofs/inclusion")
    ProofView inclusion(
            @RequestParam(required = false) @Nullable Long index, @RequestParam(required = false) @Nullable Long size) {
        MerkleTree tree = audit.tree();
        long treeSize = size == null ? checkpointSize() : size;
        if (treeSize < 1 || treeSize > tree.size()) {
            throw new InvalidFieldException("size", "must be between 1 and the log's size " + tree.size());
        }
        if (index == null || index < 0 || index >= treeSize) {
            throw new InvalidFieldException("index", "must be between 0 and " + (treeSize - 1));
        }
        InclusionProof proof = tree.inclusionProof(index, treeSize);
        return new ProofView(proof.leafIndex(), proof.treeSize(), null, null, base64(proof.path()));
    }

    /**
     * The proof that a raw device frame was archived: its digest, its ingest batch's log entry, the path from the
     * digest to that entry's batch root, and the entry's inclusion proof at the latest checkpoint (absent until a
     * checkpoint covers it).
     *
     * @param sha256 the frame's digest (hex)
     * @param batchRoot the batch entry's {@code root} detail (base64)
     * @param leafIndex the frame's position in its batch
     * @param batchSize the number of frames in the batch
     * @param hashes the path from the frame's leaf (SHA-256(0x00 ‖ digest)) to the batch root, base64
     * @param entryInclusion the batch entry's inclusion proof, as {@code /proofs/inclusion} gives it
     */
    record FrameProofView(
            long rawMessageId,
            String sha256,
            EntryView batchEntry,
            String batchRoot,
            long leafIndex,
            long batchSize,
            List<String> hashes,
            @Nullable ProofView entryInclusion) {}

    @GetMapping("/proofs/frame")
    @PreAuthorize("hasAnyRole('AUDITOR','ADMIN')")
    FrameProofView frame(@RequestParam(required = false) @Nullable Long rawMessageId) {
        if (rawMessageId == null || rawMessageId < 1) {
            throw new InvalidFieldException("rawMessageId", "must be the id of an archived raw message");
        }
        FrameProof proof = audit.frameProof(rawMessageId)
                .orElseThrow(() -> new NotFoundException("no archived frame " + rawMessageId
                        + " whose ingest batch is in the log (yet): batches reach the log milliseconds after they"
                        + " are archived"));
        AuditEntry entry = proof.batchEntry();
        long size = checkpointSize();
        ProofView inclusion = null;
        if (entry.sequence() < size) {
            InclusionProof entryProof = audit.tree().inclusionProof(entry.sequence(), size);
            inclusion =
                    new ProofView(entryProof.leafIndex(), entryProof.treeSize(), null, null, base64(entryProof.path()));
        }
        return new FrameProofView(
                rawMessageId,
                proof.digest().hex(),
                view(entry, entry.canonical()),
                proof.batchRoot().base64(),
                proof.proof().leafIndex(),
                proof.proof().treeSize(),
                base64(proof.proof().path()),
                inclusion);
    }

    @GetMapping("/proofs/consistency")
    ProofView consistency(
            @RequestParam(required = false) @Nullable Long from, @RequestParam(required = false) @Nullable Long to) {
        MerkleTree tree = audit.tree();
        long newSize = to == null ? checkpointSize() : to;
        if (newSize < 0 || newSize > tree.size()) {
            throw new InvalidFieldException("to", "must be between 0 and the log's size " + tree.size());
        }
        if (from == null || from < 0 || from > newSize) {
            throw new InvalidFieldException("from", "must be between 0 and " + newSize);
        }
        ConsistencyProof proof = tree.consistencyProof(from, newSize);
        return new ProofView(null, null, proof.oldSize(), proof.newSize(), base64(proof.path()));
    }

    @GetMapping("/entries")
    @PreAuthorize("hasAnyRole('AUDITOR','ADMIN')")
    List<EntryView> entries(
            @RequestParam(defaultValue = "0") long from, @RequestParam(defaultValue = "100") int limit) {
        if (from < 0) {
            throw new InvalidFieldException("from", "must be 0 or more");
        }
        if (limit < 1 || limit > MAX_ENTRIES) {
            throw new InvalidFieldException("limit", "must be between 1 and " + MAX_ENTRIES);
        }
        return audit.entries().page(from, limit).stream()
                .map(row -> view(row.entry(), row.canonical()))
                .toList();
    }

    private long checkpointSize() {
        return audit.latestCheckpoint()
                .map(signed -> signed.checkpoint().size())
                .orElse(0L);
    }

    private static EntryView view(AuditEntry entry, byte[] canonical) {
        return new EntryView(
                entry.sequence(),
                org.openects.evidence.entry.CanonicalJson.time(entry.time()),
                entry.actor(),
                entry.action(),
                Map.of("type", entry.subject().type(), "id", entry.subject().id()),
                entry.details(),
                entry.attachments().stream()
                        .map(a -> Map.of("kind", a.kind(), "sha256", a.sha256().hex()))
                        .toList(),
                java.util.Base64.getEncoder().encodeToString(canonical),
                entry.leafHash().base64());
    }

    private static List<String> base64(List<Hash> hashes) {
        return hashes.stream().map(Hash::base64).toList();
    }
}
