package org.openects.evidence.merkle;

/**
 * A perfect subtree of the log: the {@code 2^level} leaves from {@code index * 2^level} on. Level 0 addresses a leaf
 * hash. A node exists once the tree holds all its leaves, and never changes afterwards.
 *
 * @param level height above the leaves, 0 to 62
 * @param index position among the nodes of that level, from 0
 */
public record NodeAddress(int level, long index) {

    public NodeAddress {
        if (level < 0 || level > 62) {
            throw new IllegalArgumentException("level out of range: " + level);
        }
        if (index < 0 || index > (Long.MAX_VALUE >> level)) {
            throw new IllegalArgumentException("index out of range: " + index);
        }
    }

    /** The first leaf covered. */
    public long firstLeaf() {
        return index << level;
    }

    /** The number of leaves a tree needs for this node to exist. */
    public long requiredSize() {
        return (index + 1) << level;
    }
}
