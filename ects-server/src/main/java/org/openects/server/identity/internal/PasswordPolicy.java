package org.openects.server.identity.internal;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The rules a new password must meet: at least 12 characters, at most 72 bytes in UTF-8 (bcrypt ignores the rest),
 * and not the username in any letter case.
 */
final class PasswordPolicy {

    static final int MIN_LENGTH = 12;
    static final int MAX_BYTES = 72;

    private PasswordPolicy() {}

    /** Why this password is not acceptable for this user, or empty if it is. */
    static Optional<String> violation(String username, String password) {
        if (password.codePointCount(0, password.length()) < MIN_LENGTH) {
            return Optional.of("must be at least " + MIN_LENGTH + " characters long");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return Optional.of("must be at most " + MAX_BYTES + " bytes long in UTF-8");
        }
        if (password.strip().equalsIgnoreCase(username.strip())) {
            return Optional.of("must not be the username");
        }
        if (password.isBlank()) {
            return Optional.of("must not be only spaces");
        }
        return Optional.empty();
    }
}
