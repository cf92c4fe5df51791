package org.openects.server.declarations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openects.server.audit.AuditLog;
import org.openects.server.identity.OrganisationType;
import org.openects.server.identity.Organisations;
import org.openects.server.shared.ConflictException;
import org.openects.server.support.Api;
import org.openects.server.support.IntegrationTest;
import org.openects.server.support.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.event.ApplicationEventMulticaster;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Seal requests on the whole platform: a trader asks, an officer approves (devices move from the provider's stock to
 * the request, SEAL roles first, then the tracker) or refuses; the configured rule approves a trusted trader's request
 * at once; each refusal names its field and rule and changes nothing; a listener that refuses an approval undoes it.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class SealRequestApiIT extends IntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    AuditLog audit;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApplicationEventMulticaster multicaster;

    @Autowired
    Organisations organisations;

    Api admin;
    long traderOrganisation;
    Api trader;
    long provider;
    Api officer;

    @BeforeEach
    void logIn() {
        admin = Api.login(port, "admin", TestAccounts.ADMIN_PASSWORD);
        traderOrganisation = admin.newOrganisation("TRADER");
        trader = Procedure.account(admin, port, traderOrganisation, "TRADER");
        provider = admin.newOrganisation("SEAL_PROVIDER");
        officer = Procedure.account(admin, port, admin.newOrganisation("CUSTOMS"), "OFFICER");
    }

    @Test
    void aTraderAsksAnOfficerApprovesAndTheProvidersDevicesAreAssigned() {
        List<String> seals = Procedure.stock(admin, provider, "E_SEAL", 3);
        List<String> trackers = Procedure.stock(admin, provider, "TRACKER", 1);
        long declaration = declare(trader);

        Api.Response requested;
        Api.Response approved;
        try (Procedure.Tap tap = new Procedure.Tap(multicaster)) {
            requested = trader.post(
                    "/api/v1/seal-requests",
                    Map.of("declarationId", declaration, "providerOrganisationId", provider, "tractorTracker", true));
            assertThat(requested.status()).as(requested.body()).isEqualTo(201);
            long id = requested.json().get("id").asLong();
            assertThat(requested.json().get("state").asString()).isEqualTo("REQUESTED");
            assertThat(requested.json().get("seals").asInt()).isEqualTo(2);
            assertThat(tap.of(SealsRequested.class)).singleElement().satisfies(e -> assertThat(e.requestId())
                    .isEqualTo(id));

            approved = officer.post("/api/v1/seal-requests/" + id + "/approve", null);

            assertThat(approved.status()).as(approved.body()).isEqualTo(200);
            assertThat(tap.of(SealsAssigned.class)).singleElement().satisfies(e -> {
                assertThat(e.declarationId()).isEqualTo(declaration);
                assertThat(e.providerOrganisationId()).isEqualTo(provider);
                assertThat(e.devices())
                        .extracting(SealsAssigned.AssignedDevice::role)
                        .containsExactly(SealsAssigned.Role.SEAL, SealsAssigned.Role.SEAL, SealsAssigned.Role.TRACKER);
                assertThat(e.devices().get(2).deviceId()).isEqualTo(trackers.getFirst());
            });
        }
        long id = approved.json().get("id").asLong();
        assertThat(approved.json().get("state").asString()).isEqualTo("APPROVED");
        List<String> assigned = approved.json().get("devices").findValuesAsString("deviceId");
        assertThat(assigned).hasSize(3).doesNotHaveDuplicates();
        assertThat(assigned.subList(0, 2)).isSubsetOf(seals);
        for (String device : assigned) {
            assertThat(admin.get("/api/v1/devices/" + device)
                            .json()
                            .get("lifecycle")
                            .asString())
                    .isEqualTo("ASSIGNED");
        }
        assertThat(seals).filteredOn(s -> !assigned.contains(s)).singleElement().satisfies(left -> assertThat(
                        admin.get("/api/v1/devices/" + left)
                                .json()
                                .get("lifecycle")
                                .asString())
                .isEqualTo("IN_STOCK"));

        // Who sees it: the trader and the provider; not another trader. The declaration shows its request's state.
        Api providerAccount = Procedure.account(admin, port, provider, "SEAL_PROVIDER");
        JsonNode seen = providerAccount.get("/api/v1/seal-requests/" + id).json();
        assertThat(seen.get("devices").findValuesAsString("deviceId")).isEqualTo(assigned);
        assertThat(seen.get("declaration").get("containerNumbers").get(0).asString())
                .isEqualTo("CSQU3054383");
        assertThat(trader.get("/api/v1/seal-requests").json().findValuesAsString("state"))
                .containsExactly("APPROVED");
        assertThat(trader.get("/api/v1/declarations/" + declaration)
                        .json()
                        .get("sealRequest")
                        .get("state")
                        .asString())
                .isEqualTo("APPROVED");
        Api otherTrader = Procedure.account(admin, port, admin.newOrganisation("TRADER"), "TRADER");
        assertThat(otherTrader.get("/api/v1/seal-requests/" + id).status()).isEqualTo(404);

        assertThat(audit.awaitRecorded(Duration.ofSeconds(30))).isTrue();
        assertThat(jdbc.queryForList(
                        "SELECT action FROM audit_entries WHERE subject_type = 'seal-request' AND subject_id = ?"
                                + " ORDER BY sequence",
                        String.class,
                        Long.toString(id)))
                .containsExactly("seal-request.filed", "seal-request.approved");
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM audit_entries WHERE action = 'device.lifecycle-changed' AND subject_id = ?",
                        Long.class,
                        assigned.getFirst()))
                .isEqualTo(1);

        // Approved once: a second approval and a second request are refused.
        assertRefused(officer.post("/api/v1/seal-requests/" + id + "/approve", null), 409, "state=seal-request.state");
        assertRefused(
                trader.post(
                        "/api/v1/seal-requests",
                        Map.of("declarationId", declaration, "providerOrganisationId", provider)),
                409,
                "declarationId=seal-request.already-requested");
    }

    @Test
    void anOfficerRefusesWithAReasonAndTheTraderMayAskAgain() {
        Procedure.stock(admin, provider, "E_LOCK", 2);
        long declaration = declare(trader);
        long id = request(declaration).json().get("id").asLong();

        Api.Response noReason = officer.post("/api/v1/seal-requests/" + id + "/refuse", Map.of("reason", " "));
        Api.Response refused;
        try (Procedure.Tap tap = new Procedure.Tap(multicaster)) {
            refused = officer.post("/api/v1/seal-requests/" + id + "/refuse", Map.of("reason", "Wrong provider"));
            assertThat(tap.of(SealRequestRefused.class)).singleElement().satisfies(e -> assertThat(e.reason())
                    .isEqualTo("Wrong provider"));
        }

        assertRefused(noReason, 400, "reason=seal-request.reason");
        assertThat(refused.status()).as(refused.body()).isEqualTo(200);
        assertThat(refused.json().get("state").asString()).isEqualTo("REFUSED");
        assertThat(refused.json().get("reason").asString()).isEqualTo("Wrong provider");
        assertThat(request(declaration).json().get("state").asString()).isEqualTo("REQUESTED");
    }

    @Test
    void aTrustedTradersRequestIsApprovedAsItIsFiled() {
        long trusted = organisations.ensure(Procedure.AUTO_APPROVED_TRADER, OrganisationType.TRADER);
        Api trustedTrader = Procedure.account(admin, port, trusted, "TRADER");
        Procedure.stock(admin, provider, "E_SEAL", 2);
        long declaration = declare(trustedTrader);

        Api.Response filed;
        try (Procedure.Tap tap = new Procedure.Tap(multicaster)) {
            filed = trustedTrader.post(
                    "/api/v1/seal-requests", Map.of("declarationId", declaration, "providerOrganisationId", provider));
            assertThat(tap.of(SealsAssigned.class)).singleElement().satisfies(e -> assertThat(e.actor())
                    .isEqualTo("system:seal-requests"));
        }

        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        assertThat(filed.json().get("state").asString()).isEqualTo("APPROVED");
        assertThat(filed.json().get("decidedBy").asString()).isEqualTo("system:seal-requests");
        assertThat(filed.json().get("devices")).hasSize(2);
    }

    @Test
    void aRequestForAnotherOrganisationsDeclarationIsRefused() {
        Procedure.stock(admin, provider, "E_SEAL", 2);
        Api otherTrader = Procedure.account(admin, port, admin.newOrganisation("TRADER"), "TRADER");
        long declaration = declare(otherTrader);

        assertRefused(request(declaration), 400, "declarationId=seal-request.declaration-foreign");
        assertNoRequest(declaration);
    }

    @Test
    void aRequestForAnUnknownDeclarationIsRefused() {
        Api.Response refused = trader.post(
                "/api/v1/seal-requests", Map.of("declarationId", 987_654_321_000L, "providerOrganisationId", provider));

        assertRefused(refused, 400, "declarationId=seal-request.declaration-unknown");
        assertNoRequest(987_654_321_000L);
    }

    @Test
    void aRequestForAnExpiredDeclarationIsRefused() {
        Procedure.stock(admin, provider, "E_SEAL", 2);
        long declaration = declare(trader);
        // Filed 31 days ago: past the 30 days an MRN may be used for a seal request.
        jdbc.update("UPDATE declarations SET filed_at = filed_at - INTERVAL '31 days' WHERE id = ?", declaration);

        assertRefused(request(declaration), 409, "declarationId=seal-request.declaration-expired");
        assertNoRequest(declaration);
    }

    @Test
    void aRequestOnADocumentTypeNotAllowedForESealsIsRefused() {
        Map<String, Object> manifest = Procedure.aDeclaration("x");
        manifest.put("documentType", "BC11");
        manifest.put("reference", Integer.toString(100_000 + new java.security.SecureRandom().nextInt(900_000)));
        Api.Response filed = trader.post("/api/v1/declarations", manifest);
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        long declaration = filed.json().get("id").asLong();
        assertThat(filed.json().get("sealRequestsAllowed").asBoolean()).isFalse();

        assertRefused(request(declaration), 400, "declarationId=seal-request.document-type");
        assertNoRequest(declaration);
    }

    @Test
    void aProviderThatIsNotASealProviderIsRefused() {
        long declaration = declare(trader);

        Api.Response refused = trader.post(
                "/api/v1/seal-requests",
                Map.of("declarationId", declaration, "providerOrganisationId", traderOrganisation));

        assertRefused(refused, 400, "providerOrganisationId=seal-request.provider");
        assertNoRequest(declaration);
    }

    @Test
    void anApprovalWithoutEnoughStockIsRefusedNamingTheCountsAndChangesNothing() {
        List<String> seals = Procedure.stock(admin, provider, "E_SEAL", 1);
        long declaration = declare(trader);
        long id = request(declaration).json().get("id").asLong();

        Api.Response refused = officer.post("/api/v1/seal-requests/" + id + "/approve", null);

        assertRefused(refused, 409, "seals=seal-request.stock");
        assertThat(refused.json().get("sealsRequested").asInt()).isEqualTo(2);
        assertThat(refused.json().get("sealsAvailable").asInt()).isEqualTo(1);
        assertThat(trader.get("/api/v1/seal-requests/" + id).json().get("state").asString())
                .isEqualTo("REQUESTED");
        assertThat(admin.get("/api/v1/devices/" + seals.getFirst())
                        .json()
                        .get("lifecycle")
                        .asString())
                .isEqualTo("IN_STOCK");
    }

    @Test
    void aListenerThatRefusesTheAssignmentUndoesTheApproval() {
        List<String> seals = Procedure.stock(admin, provider, "E_SEAL", 2);
        long declaration = declare(trader);
        long id = request(declaration).json().get("id").asLong();

        Api.Response refused;
        try (Procedure.Tap tap = new Procedure.Tap(multicaster, event -> {
            if (event instanceof SealsAssigned assigned && assigned.requestId() == id) {
                throw new ConflictException("the movement is not in SEALS_REQUESTED (test listener)");
            }
        })) {
            refused = officer.post("/api/v1/seal-requests/" + id + "/approve", null);
        }

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        JsonNode request = trader.get("/api/v1/seal-requests/" + id).json();
        assertThat(request.get("state").asString()).isEqualTo("REQUESTED");
        assertThat(request.get("devices")).isEmpty();
        for (String seal : seals) {
            assertThat(admin.get("/api/v1/devices/" + seal)
                            .json()
                            .get("lifecycle")
                            .asString())
                    .isEqualTo("IN_STOCK");
        }
    }

    private long declare(Api filer) {
        Api.Response filed = filer.post("/api/v1/declarations", Procedure.aDeclaration(Procedure.newMrn()));
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        return filed.json().get("id").asLong();
    }

    private Api.Response request(long declaration) {
        return trader.post(
                "/api/v1/seal-requests", Map.of("declarationId", declaration, "providerOrganisationId", provider));
    }

    private void assertNoRequest(long declaration) {
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM seal_requests WHERE declaration_id = ?", Long.class, declaration))
                .isZero();
    }

    private static void assertRefused(Api.Response refused, int status, String fieldRule) {
        assertThat(refused.status()).as(refused.body()).isEqualTo(status);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(Procedure.errors(refused)).containsExactly(fieldRule);
        assertThat(refused.json().get("rule").asString()).isEqualTo(fieldRule.substring(fieldRule.indexOf('=') + 1));
    }
}
