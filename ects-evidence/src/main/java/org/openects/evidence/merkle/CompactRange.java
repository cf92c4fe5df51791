package org.openects.evidence.merkle;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.openects.evidence.Hash;
import org.openects.evidence.MerkleHashes;

/**
 * The right edge of a growing tree: the roots of the perfect subtrees that make up {@code [0, size)}, at most one per
 * level. Enough to append leaves and compute the root without reading anything else. Not thread-safe.
 */
public final class CompactRange {

    private final @Nullable Hash[] byLevel = new Hash[63];
    private long size;

    /** The range of the empty tree. */
    public CompactRange() {}

    /** The range of the tree of {@code size} leaves in {@code store} (O(log size) nodes read at once). */
    public static CompactRange load(TreeStore store, long size) {
        CompactRange range = new CompactRange();
        List<NodeAddress> addresses = decomposition(0, size);
        List<Hash> hashes = store.read(addresses);
        for (int i = 0; i < addresses.size(); i++) {
            range.byLevel[addresses.get(i).level()] = hashes.get(i);
        }
        range.size = size;
        return range;
    }

    /** The perfect subtrees covering the leaves {@code [start, start + length)}, largest first. */
    static List<NodeAddress> decomposition(long start, long length) {
        List<NodeAddress> nodes = new ArrayList<>(Long.bitCount(length));
        long position = start;
        long remaining = length;
        while (remaining > 0) {
            long piece = Long.highestOneBit(remaining);
            if (position % piece != 0) {
                throw new IllegalArgumentException("[" + start + ", " + (start + length) + ") is not a right edge");
            }
            nodes.add(new NodeAddress(Long.numberOfTrailingZeros(piece), position / piece));
            position += piece;
            remaining -= piece;
        }
        return nodes;
    }

    /** The number of leaves. */
    public long size() {
        return size;
    }

    /**
     * Appends a leaf; gives {@code created} the leaf node and every perfect subtree it completes, lowest first.
     *
     * @return the index of the new leaf
     */
    public long append(Hash leafHash, Consumer<Node> created) {
        long index = size;
        Hash carry = leafHash;
        int level = 0;
        long position = index;
        created.accept(new Node(0, position, carry));
        while ((position & 1) == 1) {
            Hash left = Objects.requireNonNull(byLevel[level], "the left sibling is on the right edge");
            byLevel[level] = null;
            carry = MerkleHashes.node(left, carry);
            level++;
            position >>>= 1;
            created.accept(new Node(level, position, carry));
        }
        byLevel[level] = carry;
        size = index + 1;
        return index;
    }

    /** The RFC 6962 root of the tree so far. */
    public Hash root() {
        @Nullable Hash root = null;
        for (int level = 0; level < byLevel.length; level++) {
            Hash node = byLevel[level];
            if (node != null) {
                root = root == null ? node : MerkleHashes.node(node, root);
            }
        }
        return root == null ? MerkleHashes.empty() : root;
    }
}
