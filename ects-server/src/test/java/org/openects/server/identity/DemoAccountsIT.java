package org.openects.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openects.server.security.TestHttp;
import org.openects.server.support.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The demo organisations and accounts the demo mode seeds. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DemoAccountsIT extends IntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    DemoAccounts demoAccounts;

    @Autowired
    Organisations organisations;

    @Test
    void thereIsOneDemoAccountPerRoleExceptAdminAndEachLogsInWithItsListedPassword() {
        List<DemoAccount> accounts = demoAccounts.ensure();

        assertThat(accounts)
                .extracting(DemoAccount::role)
                .containsExactlyInAnyOrderElementsOf(EnumSet.complementOf(EnumSet.of(Role.ADMIN)));
        TestHttp http = TestHttp.stateless(port);
        for (DemoAccount account : accounts) {
            assertThat(account.password()).hasSizeGreaterThanOrEqualTo(12);
            JsonNode me = http.get("/api/v1/auth/me", http.login(account.username(), account.password()))
                    .json();
            assertThat(me.path("roles").toString()).isEqualTo("[\"" + account.role() + "\"]");
            assertThat(me.path("organisationName").asString()).isEqualTo(account.organisationName());
            assertThat(me.path("organisationId").asLong()).isEqualTo(account.organisationId());
        }
    }

    @Test
    void theDemoOrganisationsHaveTheirKindAndEnsuringTwiceChangesNothing() {
        List<DemoAccount> first = demoAccounts.ensure();
        List<DemoAccount> second = demoAccounts.ensure();

        assertThat(second).isEqualTo(first);
        assertThat(organisations.all())
                .extracting(Organisation::name, Organisation::type)
                .contains(
                        tuple("Kenya Revenue Authority", OrganisationType.CUSTOMS),
                        tuple("Acme Trading Ltd", OrganisationType.TRADER),
                        tuple("Rift Valley Hauliers Ltd", OrganisationType.TRANSPORTER),
                        tuple("SecureSeal Ltd", OrganisationType.SEAL_PROVIDER));
    }

    @Test
    void demoAccountsDisabledByAStartWithoutTheDemoModeAreEnabledAgainByTheDemoMode() {
        List<DemoAccount> accounts = demoAccounts.ensure();
        assertThat(demoAccounts.disableExisting()).containsExactlyInAnyOrderElementsOf(DemoAccounts.usernames());
        TestHttp http = TestHttp.stateless(port);
        DemoAccount officer = accounts.stream()
                .filter(account -> account.role() == Role.OFFICER)
                .findFirst()
                .orElseThrow();
        TestHttp.Response refused = http.post(
                "/api/v1/auth/login",
                "{\"username\": \"" + officer.username() + "\", \"password\": \"" + officer.password() + "\"}");
        assertThat(refused.json().path("type").asString()).isEqualTo("https://openects.org/problems/account-disabled");

        demoAccounts.ensure();

        assertThat(http.login(officer.username(), officer.password())).isNotBlank();
    }
}
