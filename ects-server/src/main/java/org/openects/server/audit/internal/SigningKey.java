package org.openects.server.audit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.openects.evidence.checkpoint.NoteSigner;
import org.openects.server.shared.OwnerOnlyFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log's Ed25519 signing key: from configuration, else from a file under the data directory, generated there (note
 * signer key form, owner-only permissions) the first time.
 */
public final class SigningKey {

    private static final Logger log = LoggerFactory.getLogger(SigningKey.class);

    private SigningKey() {}

    /**
     * The configured key if not blank, else the key in {@code file}, created (named {@code origin}) if missing.
     *
     * @throws IllegalStateException if a key cannot be read or is not named {@code origin}
     */
    static NoteSigner load(@Nullable String configured, Path file, String origin) {
        NoteSigner signer;
        String source;
        if (configured != null && !configured.isBlank()) {
            signer = parse(configured, "ects.audit.signing-key");
            source = "ects.audit.signing-key";
        } else {
            try {
                if (!Files.exists(file)) {
                    create(file, origin);
                }
                signer = parse(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
                source = file.toString();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read or create the audit signing key " + file, e);
            }
        }
        if (!signer.name().equals(origin)) {
            throw new IllegalStateException("The audit signing key from " + source + " is named " + signer.name()
                    + ", but ects.audit.origin is " + origin + ": they must be the same");
        }
        return signer;
    }

    /** Reads a key file: the note signer key form. */
    public static NoteSigner read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
    }

    private static NoteSigner parse(String text, String source) {
        try {
            return NoteSigner.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "The audit signing key from " + source + " is not valid: " + e.getMessage());
        }
    }

    private static void create(Path file, String origin) throws IOException {
        byte[] content = (NoteSigner.generate(origin).signerKey() + "\n").getBytes(StandardCharsets.US_ASCII);
        if (!OwnerOnlyFiles.create(file, content)) {
            return;
        }
        log.info("Generated the audit log signing key in {} (owner-only); keep it private and back it up", file);
    }
}
