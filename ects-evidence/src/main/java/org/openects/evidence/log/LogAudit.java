package org.openects.evidence.log;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.openects.evidence.Hash;
import org.openects.evidence.Reason;
import org.openects.evidence.Verdict;
import org.openects.evidence.checkpoint.Checkpoint;
import org.openects.evidence.entry.AuditEntry;
import org.openects.evidence.merkle.CompactRange;
import org.openects.evidence.merkle.MerkleTree;
import org.openects.evidence.merkle.TreeStore;

/**
 * The full audit of a stored log (fsck): recomputes the tree from every entry, in one pass with O(log n) memory, and
 * compares the root with every stored checkpoint and, optionally, with the stored tree state. Catches an entry altered,
 * removed, inserted or reordered after a checkpoint covered it, and a tree state that disagrees with the entries.
 */
public final class LogAudit {

    private LogAudit() {}

    /** What a successful audit covered. */
    public record Summary(long entries, int checkpoints, Hash root) {}

    /**
     * Audits {@code entries} (in sequence order) against {@code checkpoints} (any order) and, when given, the store.
     */
    public static Verdict<Summary> check(
            Iterator<AuditEntry> entries, List<Checkpoint> checkpoints, @Nullable TreeStore store) {
        List<Checkpoint> pending = new ArrayList<>(checkpoints);
        pending.sort(Comparator.comparingLong(Checkpoint::size));
        CompactRange range = new CompactRange();
        int next = 0;
        next = compareAt(range, pending, next);
        if (next < 0) {
            return mismatch(range, pending.get(-next - 1));
        }
        while (entries.hasNext()) {
            AuditEntry entry = entries.next();
            if (entry.sequence() != range.size()) {
                return Verdict.invalid(
                        Reason.SEQUENCE_GAP,
                        "entry " + entry.sequence() + " found where entry " + range.size() + " belongs");
            }
            range.append(entry.leafHash(), node -> {});
            next = compareAt(range, pending, next);
            if (next < 0) {
                return mismatch(range, pending.get(-next - 1));
            }
        }
        if (next < pending.size()) {
            Checkpoint beyond = pending.get(next);
            return Verdict.invalid(
                    Reason.CHECKPOINT_BEYOND_LOG,
                    "checkpoint of size " + beyond.size() + " but the log has only " + range.size() + " entries");
        }
        Hash root = range.root();
        if (store != null) {
            if (store.size() != range.size()) {
                return Verdict.invalid(
                        Reason.STORE_ROOT_MISMATCH,
                        "tree state has " + store.size() + " leaves, the log " + range.size() + " entries");
            }
            Hash stored = new MerkleTree(store).root(range.size());
            if (!stored.equals(root)) {
                return Verdict.invalid(
                        Reason.STORE_ROOT_MISMATCH,
                        "tree state root " + stored.base64() + " differs from the entries' root " + root.base64());
            }
        }
        return Verdict.valid(new Summary(range.size(), pending.size(), root));
    }

    /** Compares the checkpoints of the current size; returns the next index, or -(index + 1) of a mismatch. */
    private static int compareAt(CompactRange range, List<Checkpoint> pending, int next) {
        int i = next;
        if (i < pending.size() && pending.get(i).size() == range.size()) {
            Hash root = range.root();
            while (i < pending.size() && pending.get(i).size() == range.size()) {
                if (!pending.get(i).root().equals(root)) {
                    return -(i + 1);
                }
                i++;
            }
        }
        return i;
    }

    private static Verdict<Summary> mismatch(CompactRange range, Checkpoint checkpoint) {
        return Verdict.invalid(
                Reason.CHECKPOINT_ROOT_MISMATCH,
                "checkpoint of size " + checkpoint.size() + " has root "
                        + checkpoint.root().base64() + ", the entries give "
                        + range.root().base64());
    }
}
