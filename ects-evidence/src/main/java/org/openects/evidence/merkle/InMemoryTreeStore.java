package org.openects.evidence.merkle;

import java.util.ArrayList;
import java.util.List;
import org.openects.evidence.Hash;

/** A {@link TreeStore} in the heap: for tests, benchmarks and tools. Thread-safe. About 64 bytes per leaf. */
public final class InMemoryTreeStore implements TreeStore {

    private static final int CHUNK_BITS = 15;
    private static final int CHUNK_HASHES = 1 << CHUNK_BITS;

    /** Per level, the node hashes in index order, in chunks of {@code CHUNK_HASHES}. */
    private final List<List<byte[]>> levels = new ArrayList<>();

    private long size;

    @Override
    public synchronized long size() {
        return size;
    }

    @Override
    public synchronized List<Hash> read(List<NodeAddress> nodes) {
        List<Hash> hashes = new ArrayList<>(nodes.size());
        for (NodeAddress node : nodes) {
            if (node.requiredSize() > size) {
                throw new IllegalArgumentException("no node " + node + " in a tree of " + size);
            }
            byte[] chunk = levels.get(node.level()).get((int) (node.index() >>> CHUNK_BITS));
            int offset = (int) (node.index() & (CHUNK_HASHES - 1)) * Hash.LENGTH;
            byte[] hash = new byte[Hash.LENGTH];
            System.arraycopy(chunk, offset, hash, 0, Hash.LENGTH);
            hashes.add(Hash.of(hash));
        }
        return hashes;
    }

    @Override
    public synchronized void append(long expectedSize, long newSize, List<Node> nodes) {
        if (size != expectedSize) {
            throw new ConcurrentAppendException(expectedSize, size);
        }
        for (Node node : nodes) {
            put(node);
        }
        size = newSize;
    }

    private void put(Node node) {
        int level = node.address().level();
        long index = node.address().index();
        while (levels.size() <= level) {
            levels.add(new ArrayList<>());
        }
        List<byte[]> chunks = levels.get(level);
        int chunkIndex = (int) (index >>> CHUNK_BITS);
        while (chunks.size() <= chunkIndex) {
            chunks.add(new byte[CHUNK_HASHES * Hash.LENGTH]);
        }
        byte[] hash = node.hash().bytes();
        System.arraycopy(
                hash, 0, chunks.get(chunkIndex), (int) (index & (CHUNK_HASHES - 1)) * Hash.LENGTH, hash.length);
    }
}
