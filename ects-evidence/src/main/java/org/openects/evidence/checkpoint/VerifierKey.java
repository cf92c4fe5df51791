package org.openects.evidence.checkpoint;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.openects.evidence.Reason;
import org.openects.evidence.Verdict;

/**
 * A trusted Ed25519 note key: a key name and a public key. Its text form is the note verifier key
 * {@code <name>+<8 hex digits key ID>+base64(0x01 || 32-byte public key)}, for example
 * {@code ects.example.org/audit+1a2b3c4d+AR...}.
 */
public final class VerifierKey {

    /** The signed-note signature type of Ed25519. */
    static final byte ED25519 = 0x01;

    private final String name;
    private final int keyId;
    private final byte[] publicKey;
    private final PublicKey jdkKey;

    VerifierKey(String name, byte[] publicKey) {
        if (!SignedNote.validKeyName(name)) {
            throw new IllegalArgumentException("a key name is non-empty, without spaces or plus signs: '" + name + "'");
        }
        this.name = name;
        this.publicKey = publicKey.clone();
        this.keyId = keyId(name, publicKey);
        this.jdkKey = Ed25519.publicKey(publicKey);
    }

    /** Reads the note verifier key form; {@link IllegalArgumentException} says what is wrong. */
    public static VerifierKey parse(String text) {
        String trimmed = text.strip();
        int first = trimmed.indexOf('+');
        int second = first < 0 ? -1 : trimmed.indexOf('+', first + 1);
        if (first <= 0 || second < 0) {
            throw new IllegalArgumentException("a verifier key reads name+keyid+base64key");
        }
        String name = trimmed.substring(0, first);
        String hexId = trimmed.substring(first + 1, second);
        if (!hexId.matches("[0-9a-f]{8}")) {
            throw new IllegalArgumentException("the key ID of a verifier key is 8 lowercase hex digits: " + hexId);
        }
        byte[] typed;
        try {
            typed = Base64.getDecoder().decode(trimmed.substring(second + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key of a verifier key is not base64", e);
        }
        if (typed.length != 1 + Ed25519.KEY_LENGTH || typed[0] != ED25519) {
            throw new IllegalArgumentException("only Ed25519 verifier keys (type 0x01, 32 bytes) are supported");
        }
        VerifierKey key = new VerifierKey(name, Arrays.copyOfRange(typed, 1, typed.length));
        if (key.keyId != HexFormat.fromHexDigits(hexId)) {
            throw new IllegalArgumentException("the key ID " + hexId + " does not match the key and name (expected "
                    + HexFormat.of().toHexDigits(key.keyId) + ")");
        }
        return key;
    }

    /** The key named {@code name} with an X.509 (SubjectPublicKeyInfo, DER) encoded Ed25519 public key. */
    public static VerifierKey fromX509(String name, byte[] encoded) {
        return new VerifierKey(name, Ed25519.rawPublic(Ed25519.publicKeyFromX509(encoded)));
    }

    /** {@code SHA-256(name || 0x0A || 0x01 || public key)[:4]}, as C2SP signed-note recommends for Ed25519. */
    static int keyId(String name, byte[] publicKey) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(name.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0x0A);
            sha256.update(ED25519);
            sha256.update(publicKey);
            return ByteBuffer.wrap(sha256.digest()).getInt();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }

    public String name() {
        return name;
    }

    public int keyId() {
        return keyId;
    }

    /** The 32-byte RFC 8032 public key. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The public key for the JDK (for example to verify XML signatures). */
    public PublicKey jdkKey() {
        return jdkKey;
    }

    /** The X.509 (SubjectPublicKeyInfo, DER) encoding. */
    public byte[] x509() {
        return jdkKey.getEncoded();
    }

    /** {@code name+hexid}: how messages name the key. */
    public String label() {
        return name + "+" + HexFormat.of().toHexDigits(keyId);
    }

    /**
     * Checks the note's signatures by this key. Signatures by other keys are ignored; at least one by this key must be
     * present, and all of them must verify.
     */
    public Verdict<SignedNote> verify(SignedNote note) {
        List<NoteSignature> mine = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (NoteSignature signature : note.signatures()) {
            if (signature.keyName().equals(name) && signature.keyId() == keyId) {
                mine.add(signature);
            } else {
                others.add(signature.keyLabel());
            }
        }
        if (mine.isEmpty()) {
            return Verdict.invalid(
                    Reason.UNKNOWN_KEY,
                    "signed by unknown key " + String.join(", ", others) + " (trusted: " + label() + ")");
        }
        byte[] text = note.text().getBytes(StandardCharsets.UTF_8);
        for (NoteSignature signature : mine) {
            if (!Ed25519.verify(jdkKey, text, signature.signature())) {
                return Verdict.invalid(Reason.BAD_SIGNATURE, "signature by " + label() + " does not verify");
            }
        }
        return Verdict.valid(note);
    }

    /** The note verifier key form. */
    @Override
    public String toString() {
        byte[] typed = new byte[1 + Ed25519.KEY_LENGTH];
        typed[0] = ED25519;
        System.arraycopy(publicKey, 0, typed, 1, Ed25519.KEY_LENGTH);
        return label() + "+" + Base64.getEncoder().encodeToString(typed);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VerifierKey that && name.equals(that.name) && Arrays.equals(publicKey, that.publicKey);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(publicKey);
    }
}
