package org.openects.evidence.merkle;

import java.util.List;
import org.openects.evidence.Hash;

/**
 * An RFC 9162 consistency proof: the hashes that show the tree of {@code oldSize} leaves is a prefix of the tree of
 * {@code newSize} leaves.
 */
public record ConsistencyProof(long oldSize, long newSize, List<Hash> path) {

    public ConsistencyProof {
        path = List.copyOf(path);
    }
}
