package org.openects.evidence;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * RFC 6962 (section 2.1) leaf and interior node hashing with SHA-256: {@code SHA-256(0x00 || leaf)} for leaves
 * and {@code SHA-256(0x01 || left || right)} for nodes, so that a leaf can never be passed off as a node.
 */
public final class MerkleHashes {

    private MerkleHashes() {}

    /** The hash of the leaf holding {@code entry}. */
    public static byte[] leafHash(byte[] entry) {
        MessageDigest sha256 = sha256();
        sha256.update((byte) 0x00);
        return sha256.digest(entry);
    }

    /** The hash of the interior node over two child hashes. */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest sha256 = sha256();
        sha256.update((byte) 0x01);
        sha256.update(left);
        return sha256.digest(right);
    }

    /** The root of the tree over no leaves: the hash of the empty string. */
    public static byte[] emptyRoot() {
        return sha256().digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }
}
