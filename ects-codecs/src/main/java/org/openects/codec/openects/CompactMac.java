package org.openects.codec.openects;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openects.domain.DeviceId;

/**
 * The tag of a compact message: HMAC-SHA256 under the device key over one byte of device id length, the device id
 * (ASCII) and the message bytes before the tag, truncated to its first {@value CompactProtocol#TAG_BYTES} bytes.
 * Binding the device id means bytes delivered under another device's identity never verify.
 */
final class CompactMac {

    private static final String HMAC = "HmacSHA256";
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private CompactMac() {}

    /** Writes the tag of {@code message[0, length)} into {@code out[outOffset, outOffset + TAG_BYTES)}. */
    static void tag(byte[] key, DeviceId device, byte[] message, int length, byte[] out, int outOffset) {
        Scratch scratch = SCRATCH.get();
        scratch.mac(key, device, message, length);
        System.arraycopy(scratch.full, 0, out, outOffset, CompactProtocol.TAG_BYTES);
    }

    /** Whether the {@value CompactProtocol#TAG_BYTES} bytes after {@code message[0, length)} are its tag; constant time. */
    static boolean verify(byte[] key, DeviceId device, byte[] message, int length) {
        Scratch scratch = SCRATCH.get();
        scratch.mac(key, device, message, length);
        int difference = 0;
        for (int i = 0; i < CompactProtocol.TAG_BYTES; i++) {
            difference |= scratch.full[i] ^ message[length + i];
        }
        return difference == 0;
    }

    private static final class Scratch {
        final byte[] full = new byte[32];
        final Mac mac;

        Scratch() {
            try {
                mac = Mac.getInstance(HMAC);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK has no " + HMAC, e);
            }
        }

        void mac(byte[] key, DeviceId device, byte[] message, int length) {
            try {
                mac.init(new SecretKeySpec(key, HMAC));
                byte[] id = device.value().getBytes(StandardCharsets.US_ASCII);
                mac.update((byte) id.length);
                mac.update(id);
                mac.update(message, 0, length);
                mac.doFinal(full, 0);
            } catch (InvalidKeyException e) {
                throw new IllegalArgumentException("unusable device key", e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HMAC-SHA256 failed", e);
            }
        }
    }
}
