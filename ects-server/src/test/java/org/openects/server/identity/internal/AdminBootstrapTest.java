package org.openects.server.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AdminBootstrapTest {

    @Test
    void aConfiguredPasswordIsUsedAsItIs() {
        AdminBootstrap.AdminPassword password =
                AdminBootstrap.choose("configured-password", true, () -> "never-generated");

        assertThat(password).isEqualTo(new AdminBootstrap.AdminPassword("configured-password", false));
    }

    @Test
    void withoutConfigurationOutsideProductionAPasswordIsGenerated() {
        AdminBootstrap.AdminPassword password = AdminBootstrap.choose(" ", false, () -> "generated-password");

        assertThat(password).isEqualTo(new AdminBootstrap.AdminPassword("generated-password", true));
    }

    @Test
    void withoutConfigurationInProductionStartupFailsNamingTheVariable() {
        assertThatThrownBy(() -> AdminBootstrap.choose(null, true, () -> "never-generated"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ECTS_ADMIN_PASSWORD");
    }

    @Test
    void generatedPasswordsMeetThePolicyAndDiffer() {
        String first = AdminBootstrap.generatePassword();
        String second = AdminBootstrap.generatePassword();

        assertThat(first).matches("[A-Za-z2-9]{5}(-[A-Za-z2-9]{5}){3}").isNotEqualTo(second);
        assertThat(PasswordPolicy.violation("admin", first)).isEmpty();
    }
}
