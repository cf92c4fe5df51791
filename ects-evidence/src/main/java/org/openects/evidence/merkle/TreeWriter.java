package org.openects.evidence.merkle;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.openects.evidence.Hash;

/**
 * The single writer of a {@link TreeStore}: appends leaf hashes in batches, computing the new perfect subtrees in
 * memory from the tree's right edge, so that an append reads nothing from the store (except to resynchronise after the
 * store's size changed under it, for example because the surrounding transaction rolled back).
 */
public final class TreeWriter {

    private final TreeStore store;
    private @Nullable CompactRange edge;

    public TreeWriter(TreeStore store) {
        this.store = store;
    }

    /**
     * Appends the leaves in order, in one {@link TreeStore#append}.
     *
     * @return the index of the first appended leaf
     */
    public synchronized long append(List<Hash> leafHashes) {
        long size = store.size();
        CompactRange range = edge;
        if (range == null || range.size() != size) {
            range = CompactRange.load(store, size);
        }
        edge = null;
        List<Node> nodes = new ArrayList<>(2 * leafHashes.size() + 64);
        for (Hash leaf : leafHashes) {
            range.append(leaf, nodes::add);
        }
        store.append(size, range.size(), nodes);
        edge = range;
        return size;
    }

    /** The root of the tree as this writer last left it (reads the right edge if it has none yet). */
    public synchronized Hash root() {
        long size = store.size();
        CompactRange range = edge;
        if (range == null || range.size() != size) {
            range = CompactRange.load(store, size);
            edge = range;
        }
        return range.root();
    }
}
