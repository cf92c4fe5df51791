package org.openects.evidence;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/** A SHA-256 value: a Merkle tree node, a root, a leaf hash or the digest of an attachment. Always 32 bytes. */
public final class Hash {

    /** The length of every hash in bytes. */
    public static final int LENGTH = 32;

    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;

    private Hash(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The hash with these 32 bytes (copied). */
    public static Hash of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a SHA-256 hash has 32 bytes, not " + bytes.length);
        }
        return new Hash(bytes.clone());
    }

    /** The hash from 64 hexadecimal digits. */
    public static Hash ofHex(String hex) {
        if (hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("a SHA-256 hash has 64 hex digits, not " + hex.length());
        }
        return new Hash(HEX.parseHex(hex));
    }

    /** The hash from standard base64 (RFC 4648 section 4). */
    public static Hash ofBase64(String base64) {
        return of(Base64.getDecoder().decode(base64));
    }

    /** SHA-256 of {@code data}. */
    public static Hash sha256(byte[] data) {
        return new Hash(MerkleHashes.sha256().digest(data));
    }

    static Hash wrap(byte[] bytes) {
        return new Hash(bytes);
    }

    /** A copy of the 32 bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Lowercase hexadecimal. */
    public String hex() {
        return HEX.formatHex(bytes);
    }

    /** Standard base64 with padding. */
    public String base64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** This hash with one bit flipped; for corruption probes. */
    public Hash withBitFlipped(int bit) {
        byte[] copy = bytes.clone();
        copy[bit / 8] ^= (byte) (1 << (bit % 8));
        return new Hash(copy);
    }

    void updateDigest(MessageDigest digest) {
        digest.update(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Hash that && MessageDigest.isEqual(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
