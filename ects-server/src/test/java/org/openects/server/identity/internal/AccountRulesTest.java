package org.openects.server.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openects.server.identity.OrganisationType;
import org.openects.server.identity.Role;

class AccountRulesTest {

    @Test
    void usernamesAreLowerCaseWordsOfThreeToSixtyFourCharacters() {
        assertThat(AccountRules.usernameViolation("customs-system")).isEmpty();
        assertThat(AccountRules.usernameViolation("j.doe_2")).isEmpty();
        assertThat(AccountRules.usernameViolation("ab")).isPresent();
        assertThat(AccountRules.usernameViolation("Admin")).isPresent();
        assertThat(AccountRules.usernameViolation("-dash")).isPresent();
        assertThat(AccountRules.usernameViolation("a".repeat(65))).isPresent();
    }

    @Test
    void customsRolesNeedACustomsOrganisation() {
        assertThat(AccountRules.rolesViolation(Set.of(Role.OPERATOR, Role.ADMIN), OrganisationType.CUSTOMS))
                .isEmpty();
        assertThat(AccountRules.rolesViolation(Set.of(Role.OPERATOR), OrganisationType.TRADER))
                .hasValueSatisfying(message -> assertThat(message).contains("OPERATOR", "CUSTOMS"));
    }

    @Test
    void companyRolesNeedTheirOwnKindOfOrganisation() {
        assertThat(AccountRules.rolesViolation(Set.of(Role.TRADER), OrganisationType.TRADER))
                .isEmpty();
        assertThat(AccountRules.rolesViolation(Set.of(Role.SEAL_PROVIDER), OrganisationType.SEAL_PROVIDER))
                .isEmpty();
        assertThat(AccountRules.rolesViolation(Set.of(Role.TRANSPORTER), OrganisationType.TRADER))
                .isPresent();
    }

    @Test
    void anAccountNeedsAtLeastOneRole() {
        assertThat(AccountRules.rolesViolation(Set.of(), OrganisationType.CUSTOMS))
                .isPresent();
    }
}
