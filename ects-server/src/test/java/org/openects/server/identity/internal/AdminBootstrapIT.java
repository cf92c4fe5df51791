package org.openects.server.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openects.server.identity.OrganisationType;
import org.openects.server.identity.Role;
import org.openects.server.support.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The first administrator, created at startup from {@code ects.identity.admin-password}. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AdminBootstrapIT extends IntegrationTest {

    @Autowired
    AccountRepository accounts;

    @Autowired
    AdminBootstrap bootstrap;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theAdministratorExistsInTheCustomsAdministrationWithRoleAdmin() {
        StoredAccount admin = accounts.findByUsername("admin").orElseThrow();

        assertThat(admin.organisationName()).isEqualTo("Customs Administration");
        assertThat(admin.organisationType()).isEqualTo(OrganisationType.CUSTOMS);
        assertThat(admin.roles()).containsExactly(Role.ADMIN);
        assertThat(admin.passwordHash()).startsWith("{bcrypt}$2a$12$");
    }

    @Test
    void startingAgainLeavesAnExistingAdministratorAlone() {
        String hashBefore = accounts.findByUsername("admin").orElseThrow().passwordHash();

        bootstrap.afterSingletonsInstantiated();

        assertThat(accounts.findByUsername("admin").orElseThrow().passwordHash())
                .isEqualTo(hashBefore);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM users WHERE username = 'admin'")
                        .query(Long.class)
                        .single())
                .isEqualTo(1L);
    }
}
