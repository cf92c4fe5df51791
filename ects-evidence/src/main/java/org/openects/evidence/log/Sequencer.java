package org.openects.evidence.log;

import java.util.ArrayList;
import java.util.List;
import org.openects.evidence.Hash;
import org.openects.evidence.MerkleHashes;
import org.openects.evidence.checkpoint.Checkpoint;
import org.openects.evidence.checkpoint.Checkpoints;
import org.openects.evidence.checkpoint.NoteSigner;
import org.openects.evidence.checkpoint.SignedCheckpoint;
import org.openects.evidence.entry.AuditEntry;
import org.openects.evidence.entry.CanonicalJson;
import org.openects.evidence.entry.EntryDraft;
import org.openects.evidence.merkle.TreeStore;
import org.openects.evidence.merkle.TreeWriter;

/**
 * The single writer of the audit log: gives drafts the next sequence numbers (the tree size, so without gaps) and
 * appends their leaves to the tree store in one {@link TreeStore#append}. Use one instance per log, in one process;
 * the store refuses appends from a stale size, so a second writer fails instead of forking the log.
 *
 * <p>When the store is transactional (PostgreSQL), call {@link #append} inside the transaction that also stores the
 * returned entries; if that transaction rolls back, the next append notices the store's size and starts again from
 * there.
 */
public final class Sequencer {

    private final TreeStore store;
    private final TreeWriter writer;
    private final String origin;

    /**
     * @param store the tree state
     * @param origin the log's identity in its checkpoints, for example {@code ects.example.org/audit}
     */
    public Sequencer(TreeStore store, String origin) {
        this.store = store;
        this.writer = new TreeWriter(store);
        this.origin = origin;
    }

    /** Appends the drafts in order; returns them as entries with their sequence numbers. */
    public synchronized List<AuditEntry> append(List<EntryDraft> drafts) {
        long next = store.size();
        List<AuditEntry> entries = new ArrayList<>(drafts.size());
        List<Hash> leaves = new ArrayList<>(drafts.size());
        for (EntryDraft draft : drafts) {
            AuditEntry entry = draft.sequenced(next + entries.size());
            entries.add(entry);
            leaves.add(entry.leafHash());
        }
        long first = writer.append(leaves);
        if (first != next) {
            throw new TreeStore.ConcurrentAppendException(next, first);
        }
        return entries;
    }

    /**
     * An appended entry's position, canonical bytes and leaf hash.
     *
     * @param sequence its sequence number
     * @param canonical its canonical bytes (the leaf)
     * @param leafHash the leaf hash appended to the tree
     */
    public record Appended(long sequence, byte[] canonical, Hash leafHash) {}

    /**
     * Appends entries given as canonical bytes (each an entry's {@link AuditEntry#canonical()} at any position, for
     * example a draft's at position 0), renumbering them from the log's size with {@link CanonicalJson#withSequence}:
     * the fast path of a writer that kept each draft's bytes from when it was made. The bytes are not parsed again.
     */
    public synchronized List<Appended> appendCanonical(List<byte[]> entries) {
        long next = store.size();
        List<Appended> appended = new ArrayList<>(entries.size());
        List<Hash> leaves = new ArrayList<>(entries.size());
        for (byte[] bytes : entries) {
            byte[] canonical = CanonicalJson.withSequence(bytes, next + appended.size());
            Hash leaf = MerkleHashes.leaf(canonical);
            appended.add(new Appended(next + appended.size(), canonical, leaf));
            leaves.add(leaf);
        }
        long first = writer.append(leaves);
        if (first != next) {
            throw new TreeStore.ConcurrentAppendException(next, first);
        }
        return appended;
    }

    /** Appends one draft. */
    public AuditEntry append(EntryDraft draft) {
        return append(List.of(draft)).getFirst();
    }

    /** The number of entries. */
    public long size() {
        return store.size();
    }

    /** The current tree head. */
    public synchronized Checkpoint checkpoint() {
        long size = store.size();
        Hash root = writer.root();
        return new Checkpoint(origin, size, root);
    }

    /** The current tree head, signed. */
    public SignedCheckpoint signCheckpoint(NoteSigner signer) {
        return Checkpoints.sign(checkpoint(), signer);
    }
}
