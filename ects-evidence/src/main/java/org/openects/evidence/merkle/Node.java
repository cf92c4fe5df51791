package org.openects.evidence.merkle;

import org.openects.evidence.Hash;

/**
 * A stored perfect subtree hash.
 *
 * @param address which subtree
 * @param hash its RFC 6962 tree hash
 */
public record Node(NodeAddress address, Hash hash) {

    public Node(int level, long index, Hash hash) {
        this(new NodeAddress(level, index), hash);
    }
}
