package org.openects.evidence.merkle;

import java.util.ArrayList;
import java.util.List;
import org.openects.evidence.Hash;
import org.openects.evidence.MerkleHashes;

/**
 * Roots and proofs over a {@link TreeStore}, for the current size or any earlier one. Each call reads O(log n) nodes
 * in a single {@link TreeStore#read}. Thread-safe if the store is.
 */
public final class MerkleTree {

    private final TreeStore store;

    public MerkleTree(TreeStore store) {
        this.store = store;
    }

    /** The number of leaves in the store. */
    public long size() {
        return store.size();
    }

    /** The root of the tree of {@code treeSize} leaves (the RFC 6962 MTH). */
    public Hash root(long treeSize) {
        requireSize(treeSize);
        if (treeSize == 0) {
            return MerkleHashes.empty();
        }
        Plan plan = new Plan();
        plan.range(0, treeSize);
        return plan.execute(store).getFirst();
    }

    /** The proof that leaf {@code leafIndex} is in the tree of {@code treeSize} leaves (the RFC 6962 PATH). */
    public InclusionProof inclusionProof(long leafIndex, long treeSize) {
        requireSize(treeSize);
        if (leafIndex < 0 || leafIndex >= treeSize) {
            throw new IllegalArgumentException("no leaf " + leafIndex + " in a tree of " + treeSize);
        }
        Plan plan = new Plan();
        path(plan, leafIndex, 0, treeSize);
        return new InclusionProof(leafIndex, treeSize, plan.execute(store));
    }

    /** The proof that the tree of {@code oldSize} leaves is a prefix of the tree of {@code newSize} (RFC 6962 PROOF). */
    public ConsistencyProof consistencyProof(long oldSize, long newSize) {
        requireSize(newSize);
        if (oldSize < 0 || oldSize > newSize) {
            throw new IllegalArgumentException("no consistency proof from " + oldSize + " to " + newSize);
        }
        Plan plan = new Plan();
        if (oldSize > 0 && oldSize < newSize) {
            subproof(plan, oldSize, 0, newSize, true);
        }
        return new ConsistencyProof(oldSize, newSize, plan.execute(store));
    }

    private void requireSize(long treeSize) {
        long size = store.size();
        if (treeSize < 0 || treeSize > size) {
            throw new IllegalArgumentException("tree size " + treeSize + " outside [0, " + size + "]");
        }
    }

    /** PATH(m, D[start:start+n]), deepest sibling first. */
    private static void path(Plan plan, long m, long start, long n) {
        if (n == 1) {
            return;
        }
        long k = Long.highestOneBit(n - 1);
        if (m < k) {
            path(plan, m, start, k);
            plan.range(start + k, n - k);
        } else {
            path(plan, m - k, start + k, n - k);
            plan.range(start, k);
        }
    }

    /** SUBPROOF(m, D[start:start+n], b). */
    private static void subproof(Plan plan, long m, long start, long n, boolean complete) {
        if (m == n) {
            if (!complete) {
                plan.range(start, n);
            }
            return;
        }
        long k = Long.highestOneBit(n - 1);
        if (m <= k) {
            subproof(plan, m, start, k, complete);
            plan.range(start + k, n - k);
        } else {
            subproof(plan, m - k, start + k, n - k, false);
            plan.range(start, k);
        }
    }

    /** The subtree hashes a result needs, each a right fold of perfect nodes, read from the store at once. */
    private static final class Plan {
        private final List<NodeAddress> addresses = new ArrayList<>();
        private final List<Integer> counts = new ArrayList<>();

        void range(long start, long length) {
            List<NodeAddress> pieces = CompactRange.decomposition(start, length);
            addresses.addAll(pieces);
            counts.add(pieces.size());
        }

        List<Hash> execute(TreeStore store) {
            List<Hash> nodes = addresses.isEmpty() ? List.of() : store.read(addresses);
            List<Hash> results = new ArrayList<>(counts.size());
            int next = 0;
            for (int count : counts) {
                Hash hash = nodes.get(next + count - 1);
                for (int i = next + count - 2; i >= next; i--) {
                    hash = MerkleHashes.node(nodes.get(i), hash);
                }
                results.add(hash);
                next += count;
            }
            return results;
        }
    }
}
