package org.openects.evidence.checkpoint;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * One signature line of a signed note: {@code — <key name> base64(key ID || signature)}.
 *
 * @param keyName the signer's key name
 * @param keyId the 32-bit key ID (big-endian in the line)
 * @param signature the signature bytes after the key ID
 */
public record NoteSignature(String keyName, int keyId, byte[] signature) {

    public NoteSignature {
        signature = signature.clone();
    }

    /** The key as {@code name+hexid}, how people tell keys apart. */
    public String keyLabel() {
        return keyName + "+" + HexFormat.of().toHexDigits(keyId);
    }

    /** The line, without its final newline. */
    public String line() {
        byte[] blob = ByteBuffer.allocate(4 + signature.length)
                .putInt(keyId)
                .put(signature)
                .array();
        return "\u2014 " + keyName + " " + Base64.getEncoder().encodeToString(blob);
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NoteSignature that
                && keyName.equals(that.keyName)
                && keyId == that.keyId
                && Arrays.equals(signature, that.signature);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * keyName.hashCode() + keyId) + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return line();
    }
}
