package org.openects.evidence.merkle;

import java.util.List;
import org.openects.evidence.Hash;

/**
 * Where the tree state lives: the hashes of all perfect subtrees ({@link NodeAddress}) of the current tree, and its
 * size. Nodes are immutable once written, so one store answers for every earlier tree size too. A tree of {@code n}
 * leaves holds fewer than {@code 2n} nodes; every root and proof reads O(log n) of them, in one {@link #read} call.
 *
 * <p>One writer only ({@code Sequencer}). On PostgreSQL: a table {@code (level int, index bigint, hash bytea,
 * primary key (level, index))} and a one-row table holding the size; {@link #append} is one transaction that inserts
 * the nodes and moves the size from {@code expectedSize} to {@code newSize} (failing if the size was not
 * {@code expectedSize}); {@link #read} is one {@code select ... where (level, index) in (...)}.
 */
public interface TreeStore {

    /** The number of leaves appended and committed. */
    long size();

    /**
     * The hashes of the given nodes, in the same order. Every node must exist: its {@link NodeAddress#requiredSize()}
     * is at most {@link #size()}.
     *
     * @throws IllegalArgumentException when a node does not exist
     */
    List<Hash> read(List<NodeAddress> nodes);

    /** The hash of one node; see {@link #read}. */
    default Hash node(int level, long index) {
        return read(List.of(new NodeAddress(level, index))).getFirst();
    }

    /**
     * Atomically stores {@code nodes} (the leaves from {@code expectedSize} to {@code newSize - 1} and every perfect
     * subtree those leaves complete) and sets the size to {@code newSize}. Durable when it returns, if the store is.
     *
     * @throws ConcurrentAppendException when the size is no longer {@code expectedSize}
     */
    void append(long expectedSize, long newSize, List<Node> nodes);

    /** Another writer appended, or a previous append was rolled back: the caller's view of the size is stale. */
    final class ConcurrentAppendException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public ConcurrentAppendException(long expected, long actual) {
            super("tree size is " + actual + ", expected " + expected + ": more than one writer?");
        }
    }
}
