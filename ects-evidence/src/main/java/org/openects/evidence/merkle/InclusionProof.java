package org.openects.evidence.merkle;

import java.util.List;
import org.openects.evidence.Hash;

/**
 * An RFC 9162 inclusion proof (RFC 6962 audit path): the sibling hashes from leaf {@code leafIndex} up to the root of
 * the tree of {@code treeSize} leaves, lowest first.
 */
public record InclusionProof(long leafIndex, long treeSize, List<Hash> path) {

    public InclusionProof {
        path = List.copyOf(path);
    }
}
