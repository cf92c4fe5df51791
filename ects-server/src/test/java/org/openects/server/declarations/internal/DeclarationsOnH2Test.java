package org.openects.server.declarations.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.openects.server.declarations.SealsAssigned;
import org.openects.server.identity.CurrentUser;
import org.openects.server.identity.OrganisationType;
import org.openects.server.identity.Role;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Declarations and seal requests on H2, the single-box database (the integration tests run on PostgreSQL): the
 * migration creates the tables, a declaration is stored and read back with its usable-until time, at most one request
 * per declaration is open or approved, a refusal frees the declaration for a new request, and an approval keeps the
 * devices in order.
 */
class DeclarationsOnH2Test {

    @Test
    void storesDeclarationsAndRequestsAndKeepsOneOpenRequestPerDeclaration() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:declarations-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/common", "classpath:db/migration/h2")
                .load()
                .migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        DocumentTypes types = new DocumentTypes(new ProcedureProperties(
                List.of(new ProcedureProperties.DocumentTypeEntry(
                        "MRN", "Transit declaration", "MRN", null, null, Duration.ofDays(30), true)),
                new ProcedureProperties.SealRequests(
                        new ProcedureProperties.AutoApprove(false, List.of(), List.of()))));
        JdbcDeclarations declarations = new JdbcDeclarations(jdbc, types);
        JdbcSealRequests requests = new JdbcSealRequests(jdbc);
        Instant filedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant timeLimit = filedAt.plus(Duration.ofDays(3));

        Declaration stored = declarations.insert(
                new JdbcDeclarations.NewDeclaration(
                        types.find("MRN").orElseThrow(),
                        "06DE586600006143E1",
                        11,
                        null,
                        "KEMSA100",
                        "UGKLA100",
                        List.of("KEMAL100", "UGMAL100"),
                        List.of("KDA 123A"),
                        List.of("CSQU3054383"),
                        "Cotton",
                        2,
                        timeLimit,
                        null,
                        null),
                filedAt,
                "trader");

        assertThat(stored.transitOffices()).containsExactly("KEMAL100", "UGMAL100");
        assertThat(stored.usableUntil()).isEqualTo(timeLimit);
        assertThat(declarations.exists("MRN", "06DE586600006143E1")).isTrue();

        long first = requests.insert(stored.id(), 5, 2, false, filedAt, "trader");
        assertThat(requests.hasOpenOrApproved(stored.id())).isTrue();
        assertThatThrownBy(() -> requests.insert(stored.id(), 5, 2, false, filedAt, "trader"))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(requests.decide(first, SealRequestState.REFUSED, filedAt, "officer", "no"))
                .isTrue();
        assertThat(requests.decide(first, SealRequestState.APPROVED, filedAt, "officer", null))
                .isFalse();
        assertThat(requests.hasOpenOrApproved(stored.id())).isFalse();

        long second = requests.insert(stored.id(), 5, 2, true, filedAt, "trader");
        assertThat(requests.decide(second, SealRequestState.APPROVED, filedAt, "officer", null))
                .isTrue();
        requests.addDevices(
                second,
                List.of(
                        new SealsAssigned.AssignedDevice("S-1", SealsAssigned.Role.SEAL),
                        new SealsAssigned.AssignedDevice("S-2", SealsAssigned.Role.SEAL),
                        new SealsAssigned.AssignedDevice("T-1", SealsAssigned.Role.TRACKER)));

        assertThat(requests.hasOpenOrApproved(stored.id())).isTrue();
        CurrentUser trader = new CurrentUser("trader", 11, OrganisationType.TRADER, Set.of(Role.TRADER));
        assertThat(requests.listVisible(trader))
                .extracting(SealRequest::id, SealRequest::state)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(second, SealRequestState.APPROVED),
                        org.assertj.core.groups.Tuple.tuple(first, SealRequestState.REFUSED));
        assertThat(requests.find(second).orElseThrow().devices())
                .extracting(SealsAssigned.AssignedDevice::deviceId)
                .containsExactly("S-1", "S-2", "T-1");
        assertThat(declarations.listVisible(trader)).singleElement().satisfies(d -> assertThat(d.sealRequest())
                .isEqualTo(new Declaration.LatestRequest(second, SealRequestState.APPROVED)));
        CurrentUser provider =
                new CurrentUser("provider", 5, OrganisationType.SEAL_PROVIDER, Set.of(Role.SEAL_PROVIDER));
        assertThat(requests.listVisible(provider)).hasSize(2);
        assertThat(declarations.listVisible(provider)).isEmpty();
    }
}
