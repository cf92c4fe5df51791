package org.openects.server.declarations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openects.server.audit.AuditLog;
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
 * The declarations API on the whole platform: who files for whom, who sees what, the audit entry and the published
 * {@link DeclarationFiled} (a listener that refuses undoes the filing), and each bad input refused naming its field and
 * rule with nothing stored.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class DeclarationApiIT extends IntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    AuditLog audit;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApplicationEventMulticaster multicaster;

    Api admin;
    long traderOrganisation;
    Api trader;

    @BeforeEach
    void logIn() {
        admin = Api.login(port, "admin", TestAccounts.ADMIN_PASSWORD);
        traderOrganisation = admin.newOrganisation("TRADER");
        trader = Procedure.account(admin, port, traderOrganisation, "TRADER");
    }

    @Test
    void aTraderFilesForItsOwnOrganisationAndEachCallerSeesWhatItMay() {
        long transporterOrganisation = admin.newOrganisation("TRANSPORTER");
        String mrn = Procedure.newMrn();
        Map<String, Object> body = Procedure.aDeclaration(mrn.toLowerCase(java.util.Locale.ROOT));
        body.put("transporterOrganisationId", transporterOrganisation);
        body.put("containerNumbers", List.of("csqu 305438 3"));
        body.put("vehiclePlates", List.of(" kda 123a "));
        body.put("corridorId", "northern-corridor-msa-mal");
        body.put("corridorVersion", 1);

        Api.Response filed;
        try (Procedure.Tap tap = new Procedure.Tap(multicaster)) {
            filed = trader.post("/api/v1/declarations", body);

            assertThat(filed.status()).as(filed.body()).isEqualTo(201);
            long id = filed.json().get("id").asLong();
            assertThat(tap.of(DeclarationFiled.class)).singleElement().satisfies(event -> {
                assertThat(event.declarationId()).isEqualTo(id);
                assertThat(event.documentType()).isEqualTo("MRN");
                assertThat(event.reference()).isEqualTo(mrn);
                assertThat(event.declarantOrganisationId()).isEqualTo(traderOrganisation);
                assertThat(event.transporterOrganisationId()).isEqualTo(transporterOrganisation);
                assertThat(event.transitOffices()).containsExactly("KEMAL100", "UGMAL100");
                assertThat(event.containers()).containsExactly("CSQU3054383");
                assertThat(event.vehiclePlates()).containsExactly("KDA 123A");
                assertThat(event.sealsRequired()).isEqualTo(2);
                assertThat(event.corridorId()).isEqualTo("northern-corridor-msa-mal");
                assertThat(event.corridorVersion()).isEqualTo(1);
            });
        }
        JsonNode declaration = filed.json();
        long id = declaration.get("id").asLong();
        assertThat(filed.contentType()).startsWith("application/json");
        assertThat(declaration.get("reference").asString()).isEqualTo(mrn);
        assertThat(declaration.get("declarantOrganisationId").asLong()).isEqualTo(traderOrganisation);
        assertThat(declaration.get("documentTypeName").asString()).isEqualTo("Transit declaration (MRN)");
        assertThat(declaration.get("sealRequestsAllowed").asBoolean()).isTrue();
        assertThat(Instant.parse(declaration.get("usableUntil").asString()))
                .isEqualTo(Instant.parse(body.get("timeLimit").toString()));

        assertThat(trader.get("/api/v1/declarations/" + id)
                        .json()
                        .get("goodsSummary")
                        .asString())
                .isEqualTo("Cotton yarn, 18 t");
        assertThat(trader.get("/api/v1/declarations").json().findValuesAsString("reference"))
                .contains(mrn);
        Api officer = Procedure.account(admin, port, admin.newOrganisation("CUSTOMS"), "OFFICER");
        assertThat(officer.get("/api/v1/declarations/" + id).status()).isEqualTo(200);
        Api transporter = Procedure.account(admin, port, transporterOrganisation, "TRANSPORTER");
        assertThat(transporter.get("/api/v1/declarations").json().findValuesAsString("reference"))
                .containsExactly(mrn);
        Api otherTrader = Procedure.account(admin, port, admin.newOrganisation("TRADER"), "TRADER");
        assertThat(otherTrader.get("/api/v1/declarations/" + id).status()).isEqualTo(404);
        assertThat(otherTrader.get("/api/v1/declarations").json().findValuesAsString("reference"))
                .doesNotContain(mrn);

        assertThat(audit.awaitRecorded(Duration.ofSeconds(30))).isTrue();
        assertThat(jdbc.queryForList(
                        "SELECT action FROM audit_entries WHERE subject_type = 'declaration' AND subject_id = ?",
                        String.class,
                        Long.toString(id)))
                .containsExactly("declaration.filed");
    }

    @Test
    void anOfficerFilesForTheTraderItNamesAndMustNameOne() {
        Api officer = Procedure.account(admin, port, admin.newOrganisation("CUSTOMS"), "OFFICER");
        Map<String, Object> body = Procedure.aDeclaration(Procedure.newMrn());

        Api.Response unnamed = officer.post("/api/v1/declarations", body);
        body.put("declarantOrganisationId", traderOrganisation);
        Api.Response filed = officer.post("/api/v1/declarations", body);

        assertThat(unnamed.status()).as(unnamed.body()).isEqualTo(400);
        assertThat(Procedure.errors(unnamed)).containsExactly("declarantOrganisationId=declaration.required");
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        assertThat(filed.json().get("filedBy").asString()).isNotBlank();
        assertThat(trader.get("/api/v1/declarations/" + filed.json().get("id").asLong())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void theOtherDocumentTypesCheckTheirPatterns() {
        Map<String, Object> bc12 = Procedure.aDeclaration("123456");
        bc12.put("documentType", "BC12");
        bc12.put("reference", Integer.toString(100_000 + new java.security.SecureRandom().nextInt(900_000)));
        Map<String, Object> badBill = Procedure.aDeclaration("12345");
        badBill.put("documentType", "SHIPPING_BILL");

        assertThat(trader.post("/api/v1/declarations", bc12).status()).isEqualTo(201);
        Api.Response refused = trader.post("/api/v1/declarations", badBill);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(Procedure.errors(refused)).containsExactly("reference=declaration.reference-format");
    }

    @Test
    void aListenerThatRefusesTheFilingUndoesIt() {
        String mrn = Procedure.newMrn();
        Api.Response refused;
        try (Procedure.Tap tap = new Procedure.Tap(multicaster, event -> {
            if (event instanceof DeclarationFiled filed && filed.reference().equals(mrn)) {
                throw new ConflictException("the movement could not be opened (test listener)");
            }
        })) {
            refused = trader.post("/api/v1/declarations", Procedure.aDeclaration(mrn));
        }

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertNothingStored(mrn);
    }

    @Test
    void aWrongMrnCheckCharacterIsRefused() {
        String mrn = Procedure.newMrn();
        char wrong = mrn.charAt(17) == '0' ? '1' : '0';
        String bad = mrn.substring(0, 17) + wrong;

        Api.Response refused = trader.post("/api/v1/declarations", Procedure.aDeclaration(bad));

        assertRefused(refused, 400, "reference=mrn.check-character");
        assertThat(refused.json().get("errors").get(0).get("message").asString())
                .contains("is '" + mrn.charAt(17) + "'");
        assertNothingStored(bad);
    }

    @Test
    void anUnknownOfficeIsRefused() {
        String mrn = Procedure.newMrn();
        Map<String, Object> body = Procedure.aDeclaration(mrn);
        body.put("officeOfDestination", "UGZZZ999");

        assertRefused(trader.post("/api/v1/declarations", body), 400, "officeOfDestination=declaration.office-unknown");
        assertNothingStored(mrn);
    }

    @Test
    void aCorridorTheRouteLibraryDoesNotHaveIsRefused() {
        String mrn = Procedure.newMrn();
        Map<String, Object> body = Procedure.aDeclaration(mrn);
        body.put("corridorId", "northern-corridor-msa-mal");
        body.put("corridorVersion", 9999);

        Api.Response refused = trader.post("/api/v1/declarations", body);

        assertRefused(refused, 400, "corridorVersion=declaration.corridor-unknown");
        assertNothingStored(mrn);
    }

    @Test
    void aDeclarationOnACorridorOfTheRouteLibraryGetsItsMovementOnThatCorridor() {
        String mrn = Procedure.newMrn();
        Map<String, Object> body = Procedure.aDeclaration(mrn);
        body.put("corridorId", "northern-corridor-msa-mal");

        Api.Response filed = trader.post("/api/v1/declarations", body);

        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        JsonNode movement = null;
        for (JsonNode candidate : trader.get("/api/v1/movements").json()) {
            if (candidate.get("reference").asString().equals(mrn)) {
                movement = candidate;
            }
        }
        assertThat(movement).as("the declaration's movement").isNotNull();
        assertThat(movement.get("state").asString()).isEqualTo("DECLARED");
        assertThat(movement.get("routePlan").get("corridorId").asString()).isEqualTo("northern-corridor-msa-mal");
        assertThat(movement.get("estimatedDistanceMeters").asDouble()).isGreaterThan(800_000);
        assertThat(movement.get("estimatedTransitSeconds").asLong()).isGreaterThan(10 * 3600);
    }

    @Test
    void anOfficeWithoutTheNeededRoleIsRefused() {
        String mrn = Procedure.newMrn();
        Map<String, Object> body = Procedure.aDeclaration(mrn);
        body.put("officeOfDeparture", "KEMAL100");
        body.put("transitOffices", List.of("KEMAL100", "KEMSA100"));

        Api.Response refused = trader.post("/api/v1/declarations", body);

        assertRefused(
                refused, 400, "officeOfDeparture=declaration.office-role", "transitOffices[1]=declaration.office-role");
        assertNothingStored(mrn);
    }

    @Test
    void aContainerNumberWithAWrongCheckDigitIsRefused() {
        String mrn = Procedure.newMrn();
        Map<String, Object> body = Procedure.aDeclaration(mrn);
        body.put("containerNumbers", List.of("CSQU3054383", "CSQU3054384"));

        Api.Response refused = trader.post("/api/v1/declarations", body);

        assertRefused(refused, 400, "containerNumbers[1]=container.check-digit");
        assertNothingStored(mrn);
    }

    @Test
    void aDuplicateDeclarationIsRefused() {
        String mrn = Procedure.newMrn();
        assertThat(trader.post("/api/v1/declarations", Procedure.aDeclaration(mrn))
                        .status())
                .isEqualTo(201);
        Map<String, Object> again = Procedure.aDeclaration(mrn);
        again.put("goodsSummary", "Something else");

        Api.Response refused = trader.post("/api/v1/declarations", again);

        assertRefused(refused, 409, "reference=declaration.duplicate");
        assertThat(jdbc.queryForObject("SELECT goods_summary FROM declarations WHERE reference = ?", String.class, mrn))
                .isEqualTo("Cotton yarn, 18 t");
    }

    @Test
    void aTraderFilesOnlyForItsOwnOrganisation() {
        String mrn = Procedure.newMrn();
        Map<String, Object> body = Procedure.aDeclaration(mrn);
        body.put("declarantOrganisationId", admin.newOrganisation("TRADER"));

        assertRefused(
                trader.post("/api/v1/declarations", body), 400, "declarantOrganisationId=declaration.declarant-own");
        assertNothingStored(mrn);
    }

    @Test
    void theOtherFieldRulesAreNamedTogether() {
        String mrn = Procedure.newMrn();
        Map<String, Object> body = Procedure.aDeclaration(mrn);
        body.put("documentType", "MRN");
        body.put("sealsRequired", 21);
        body.put("timeLimit", Instant.now().minusSeconds(60).toString());
        body.put("vehiclePlates", List.of("KDA,123"));
        body.put("goodsSummary", " ");
        body.put("transporterOrganisationId", traderOrganisation);

        Api.Response refused = trader.post("/api/v1/declarations", body);

        assertRefused(
                refused,
                400,
                "transporterOrganisationId=declaration.transporter",
                "vehiclePlates[0]=declaration.vehicle-plate",
                "goodsSummary=declaration.required",
                "sealsRequired=declaration.seals-required",
                "timeLimit=declaration.time-limit");
        assertNothingStored(mrn);
    }

    private static void assertRefused(Api.Response refused, int status, String... fieldRules) {
        assertThat(refused.status()).as(refused.body()).isEqualTo(status);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(Procedure.errors(refused)).containsExactly(fieldRules);
        assertThat(refused.json().get("rule").asString())
                .isEqualTo(fieldRules[0].substring(fieldRules[0].indexOf('=') + 1));
    }

    private void assertNothingStored(String reference) {
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM declarations WHERE upper(reference) = upper(?)", Long.class, reference))
                .isZero();
        assertThat(audit.awaitRecorded(Duration.ofSeconds(30))).isTrue();
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM audit_entries WHERE action = 'declaration.filed'"
                                + " AND position(convert_to(?, 'UTF8') in canonical) > 0",
                        Long.class,
                        reference.toUpperCase(java.util.Locale.ROOT)))
                .isZero();
    }
}
