package org.openects.server.identity.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.openects.server.shared.OwnerOnlyFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HMAC-SHA256 key that signs API bearer tokens: from configuration, else from a file under the data directory,
 * generated there (32 random bytes, owner-only permissions) the first time.
 */
final class TokenSecret {

    static final int MIN_BYTES = 32;

    private static final Logger log = LoggerFactory.getLogger(TokenSecret.class);

    private TokenSecret() {}

    /**
     * The configured key if {@code configured} is not blank, else the key in {@code file}, created if missing.
     *
     * @throws IllegalStateException if a key is not valid base64 or shorter than 32 bytes
     */
    static SecretKey load(@Nullable String configured, Path file) {
        if (configured != null && !configured.isBlank()) {
            return key(decode(configured, "ects.identity.token-secret"));
        }
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            String stored = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return key(decode(stored, file.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the token secret " + file, e);
        }
    }

    private static void create(Path file) throws IOException {
        byte[] secret = new byte[MIN_BYTES];
        new SecureRandom().nextBytes(secret);
        byte[] content = (Base64.getEncoder().encodeToString(secret) + "\n").getBytes(StandardCharsets.US_ASCII);
        if (!OwnerOnlyFiles.create(file, content)) {
            return;
        }
        log.info("Generated the API token signing secret in {} (owner-only); keep it private and back it up", file);
    }

    private static byte[] decode(String base64, String source) {
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The token secret from " + source + " is not valid base64", e);
        }
        if (secret.length < MIN_BYTES) {
            throw new IllegalStateException("The token secret from " + source + " has " + secret.length
                    + " bytes; HS256 needs at least " + MIN_BYTES + " (generate one with `openssl rand -base64 32`)");
        }
        return secret;
    }

    private static SecretKey key(byte[] secret) {
        return new SecretKeySpec(secret, "HmacSHA256");
    }
}
