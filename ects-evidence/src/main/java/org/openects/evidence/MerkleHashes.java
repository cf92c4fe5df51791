package org.openects.evidence;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * RFC 6962 (section 2.1) leaf and interior node hashing with SHA-256: {@code SHA-256(0x00 || leaf)} for leaves
 * and {@code SHA-256(0x01 || left || right)} for nodes, so that a leaf can never be passed off as a node.
 */
public final class MerkleHashes {

    private static final MessageDigest PROTOTYPE = newSha256();
    private static final boolean CLONEABLE = isCloneable();

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

    /** The hash of the leaf holding {@code entry}. */
    public static Hash leaf(byte[] entry) {
        return Hash.wrap(leafHash(entry));
    }

    /** The hash of the interior node over two child hashes. */
    public static Hash node(Hash left, Hash right) {
        MessageDigest sha256 = sha256();
        sha256.update((byte) 0x01);
        left.updateDigest(sha256);
        right.updateDigest(sha256);
        return Hash.wrap(sha256.digest());
    }

    /** The root of the tree over no leaves. */
    public static Hash empty() {
        return Hash.wrap(emptyRoot());
    }

    /** A fresh SHA-256 digest. */
    static MessageDigest sha256() {
        if (CLONEABLE) {
            try {
                return (MessageDigest) PROTOTYPE.clone();
            } catch (CloneNotSupportedException e) {
                // fall through to a new instance
            }
        }
        return newSha256();
    }

    private static boolean isCloneable() {
        try {
            PROTOTYPE.clone();
            return true;
        } catch (CloneNotSupportedException e) {
            return false;
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }
}
