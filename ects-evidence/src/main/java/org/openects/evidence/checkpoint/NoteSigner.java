package org.openects.evidence.checkpoint;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * An Ed25519 note signing key with its key name: the platform's evidence key. Its text form is the note signer key
 * {@code PRIVATE+KEY+<name>+<hex key ID>+base64(0x01 || 32-byte seed)} (as golang.org/x/mod/sumdb/note); it also
 * reads and writes PKCS#8. Keep either secret; {@link #verifierKey()} is what auditors get.
 */
public final class NoteSigner {

    private static final String PREFIX = "PRIVATE+KEY+";

    private final VerifierKey verifierKey;
    private final PrivateKey privateKey;

    private NoteSigner(String name, KeyPair pair) {
        this.verifierKey = new VerifierKey(name, Ed25519.rawPublic(pair.getPublic()));
        this.privateKey = pair.getPrivate();
    }

    /** A new random key named {@code name} (a schema-less URL such as {@code ects.example.org/audit}). */
    public static NoteSigner generate(String name) {
        return new NoteSigner(name, Ed25519.generate());
    }

    /** The key named {@code name} from a 32-byte RFC 8032 seed. */
    public static NoteSigner fromSeed(String name, byte[] seed) {
        return new NoteSigner(name, Ed25519.fromSeed(seed));
    }

    /** The key named {@code name} from a PKCS#8 (DER) encoded Ed25519 private key. */
    public static NoteSigner fromPkcs8(String name, byte[] encoded) {
        return fromSeed(name, Ed25519.seed(Ed25519.privateKeyFromPkcs8(encoded)));
    }

    /** Reads the note signer key form; {@link IllegalArgumentException} says what is wrong. */
    public static NoteSigner parse(String text) {
        String trimmed = text.strip();
        if (!trimmed.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a signer key starts with " + PREFIX);
        }
        String rest = trimmed.substring(PREFIX.length());
        int first = rest.indexOf('+');
        int second = first < 0 ? -1 : rest.indexOf('+', first + 1);
        if (first <= 0 || second < 0) {
            throw new IllegalArgumentException("a signer key reads PRIVATE+KEY+name+keyid+base64key");
        }
        byte[] typed = Base64.getDecoder().decode(rest.substring(second + 1));
        if (typed.length != 1 + Ed25519.KEY_LENGTH || typed[0] != VerifierKey.ED25519) {
            throw new IllegalArgumentException("only Ed25519 signer keys (type 0x01, 32 bytes) are supported");
        }
        NoteSigner signer = fromSeed(rest.substring(0, first), Arrays.copyOfRange(typed, 1, typed.length));
        String hexId = rest.substring(first + 1, second);
        if (!hexId.equals(HexFormat.of().toHexDigits(signer.verifierKey.keyId()))) {
            throw new IllegalArgumentException("the key ID " + hexId + " does not match the key and name");
        }
        return signer;
    }

    /** The note signer key form. Secret. */
    public String signerKey() {
        byte[] typed = new byte[1 + Ed25519.KEY_LENGTH];
        typed[0] = VerifierKey.ED25519;
        System.arraycopy(Ed25519.seed(privateKey), 0, typed, 1, Ed25519.KEY_LENGTH);
        return PREFIX + verifierKey.label() + "+" + Base64.getEncoder().encodeToString(typed);
    }

    /** The PKCS#8 (DER) encoding of the private key. Secret. */
    public byte[] pkcs8() {
        return privateKey.getEncoded();
    }

    /** The private key for the JDK (for example to sign XML). */
    public PrivateKey jdkKey() {
        return privateKey;
    }

    /** The public half, for verifiers. */
    public VerifierKey verifierKey() {
        return verifierKey;
    }

    public String name() {
        return verifierKey.name();
    }

    /** A signature line over {@code text} (which must end in a newline). */
    public NoteSignature sign(String text) {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("a note text ends with a newline");
        }
        byte[] signature = Ed25519.sign(privateKey, text.getBytes(StandardCharsets.UTF_8));
        return new NoteSignature(verifierKey.name(), verifierKey.keyId(), signature);
    }

    /** The note of {@code text} signed by this key alone. */
    public SignedNote signNote(String text) {
        return new SignedNote(text, java.util.List.of(sign(text)));
    }

    @Override
    public String toString() {
        return "NoteSigner[" + verifierKey.label() + "]";
    }
}
