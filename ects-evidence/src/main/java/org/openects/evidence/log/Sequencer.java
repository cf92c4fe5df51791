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
    public List<AuditEntry> append(List<EntryDraft> drafts) {
        return appendEncoded(drafts).stream().map(Appended::entry).toList();
    }

    /**
     * An appended entry with its canonical bytes and leaf hash, computed once: what a store of entries writes.
     *
     * @param entry the entry, with its sequence number
     * @param canonical {@code entry.canonical()}
     * @param leafHash {@code entry.leafHash()}, the leaf appended to the tree
     */
    public record Appended(AuditEntry entry, byte[] canonical, Hash leafHash) {}

    /** Appends the drafts in order, like {@link #append}, and also returns each entry's bytes and leaf hash. */
    public synchronized List<Appended> appendEncoded(List<EntryDraft> drafts) {
        long next = store.size();
        List<Appended> entries = new ArrayList<>(drafts.size());
        List<Hash> leaves = new ArrayList<>(drafts.size());
        for (EntryDraft draft : drafts) {
            AuditEntry entry = draft.sequenced(next + entries.size());
            byte[] canonical = entry.canonical();
            Hash leaf = MerkleHashes.leaf(canonical);
            entries.add(new Appended(entry, canonical, leaf));
            leaves.add(leaf);
        }
        long first = writer.append(leaves);
        if (first != next) {
            throw new TreeStore.ConcurrentAppendException(next, first);
        }
        return entries;
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
