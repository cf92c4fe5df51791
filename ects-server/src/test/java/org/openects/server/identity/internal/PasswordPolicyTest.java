package org.openects.server.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

    @Test
    void twelveCharactersThatAreNotTheUsernameAreAccepted() {
        assertThat(PasswordPolicy.violation("officer", "twelve-chars")).isEmpty();
    }

    @Test
    void elevenCharactersAreTooShort() {
        assertThat(PasswordPolicy.violation("officer", "eleven-char")).hasValue("must be at least 12 characters long");
    }

    @Test
    void charactersAreCountedNotBytesOrUtf16Units() {
        assertThat(PasswordPolicy.violation("officer", "😀😀😀😀😀😀😀😀😀😀😀"))
                .isPresent();
        assertThat(PasswordPolicy.violation("officer", "😀😀😀😀😀😀😀😀😀😀😀😀"))
                .isEmpty();
    }

    @Test
    void theUsernameInAnyLetterCaseIsRefused() {
        assertThat(PasswordPolicy.violation("customs-system", "Customs-System")).hasValue("must not be the username");
    }

    @Test
    void moreThanBcryptsSeventyTwoBytesIsRefused() {
        assertThat(PasswordPolicy.violation("officer", "x".repeat(72))).isEmpty();
        assertThat(PasswordPolicy.violation("officer", "x".repeat(73)))
                .hasValueSatisfying(message -> assertThat(message).contains("72 bytes"));
    }

    @Test
    void onlySpacesAreRefused() {
        assertThat(PasswordPolicy.violation("officer", " ".repeat(14))).isPresent();
    }
}
