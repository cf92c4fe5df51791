package org.openects.codec.openects;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Carries a new device key inside a rotate-key command: AES-256 key wrap (RFC 3394) of the new 32-byte key under a
 * key-encryption key derived from the current device key with HKDF-Expand (RFC 5869, SHA-256, one block), the info
 * being {@code "OpenECTS key wrap v1"} followed by the command counter as 4 bytes big-endian. Deriving per command
 * keeps the wrap key apart from the MAC key and makes every wrap unique; the wrap's own integrity check refuses a
 * wrapped key that was altered or wrapped under another key.
 */
public final class KeyWrap {

    /** Length of a wrapped 32-byte key. */
    public static final int WRAPPED_BYTES = NativeProtocol.KEY_BYTES + 8;

    private static final byte[] INFO = "OpenECTS key wrap v1".getBytes(StandardCharsets.US_ASCII);

    private KeyWrap() {}

    /** Wraps {@code newKey} (32 bytes) for the command with counter {@code commandCounter}. */
    public static byte[] wrap(byte[] currentKey, long commandCounter, byte[] newKey) {
        if (newKey.length != NativeProtocol.KEY_BYTES) {
            throw new IllegalArgumentException("a device key has " + NativeProtocol.KEY_BYTES + " bytes");
        }
        try {
            Cipher cipher = Cipher.getInstance("AESWrap");
            cipher.init(Cipher.WRAP_MODE, kek(currentKey, commandCounter));
            return cipher.wrap(new SecretKeySpec(newKey, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES key wrap failed", e);
        }
    }

    /** The new key, or {@code null} when {@code wrapped} was not wrapped under this key for this counter. */
    public static byte @Nullable [] unwrap(byte[] currentKey, long commandCounter, byte[] wrapped) {
        if (wrapped.length != WRAPPED_BYTES) {
            return null;
        }
        try {
            Cipher cipher = Cipher.getInstance("AESWrap");
            cipher.init(Cipher.UNWRAP_MODE, kek(currentKey, commandCounter));
            Key key = cipher.unwrap(wrapped, "AES", Cipher.SECRET_KEY);
            return key.getEncoded();
        } catch (InvalidKeyException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES key unwrap failed", e);
        }
    }

    private static SecretKeySpec kek(byte[] currentKey, long commandCounter) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(currentKey, "HmacSHA256"));
        mac.update(INFO);
        mac.update(new byte[] {
            (byte) (commandCounter >>> 24),
            (byte) (commandCounter >>> 16),
            (byte) (commandCounter >>> 8),
            (byte) commandCounter,
            1
        });
        return new SecretKeySpec(mac.doFinal(), "AES");
    }
}
