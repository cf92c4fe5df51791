package org.openects.server.movements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openects.server.support.Api;
import org.openects.server.support.IntegrationTest;
import org.openects.server.support.TestAccounts;
import org.openects.server.support.Transits;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The filters of {@code GET /api/v1/movements} on the whole platform: by office of destination and by states
 * (repeatable), combined, within the caller's visibility; an unknown state is a 400 naming {@code state}.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class MovementFilterIT extends IntegrationTest {

    @LocalServerPort
    int port;

    @Test
    void movementsAreFilteredByOfficeOfDestinationAndStateWithinTheCallersVisibility() {
        Api admin = Api.login(port, "admin", TestAccounts.ADMIN_PASSWORD);
        long traderOrganisation = admin.newOrganisation("TRADER");
        Api trader = Transits.account(admin, port, traderOrganisation, "TRADER", "filter-trader");
        Api officer = Transits.account(admin, port, admin.newOrganisation("CUSTOMS"), "OFFICER", "filter-officer");
        Transits transits = new Transits(admin, trader, officer);

        JsonNode toMalaba = transits.inTransit("KEMSA100", "KEMAL100", List.of("KDA 100A"));
        JsonNode toNairobi = transits.inTransit("KEMSA100", "KENBI100", List.of("KDA 200B"));
        long enquiry = toNairobi.get("id").asLong();
        transits.transition(enquiry, "INCIDENT", "seal reported opened");
        transits.transition(enquiry, "ENQUIRY", "no explanation from the driver");
        String malaba = toMalaba.get("reference").asString();
        String nairobi = toNairobi.get("reference").asString();

        assertThat(references(officer, "?destinationOffice=KEMAL100"))
                .contains(malaba)
                .doesNotContain(nairobi);
        assertThat(officer.get("/api/v1/movements?destinationOffice=KEMAL100").json())
                .allSatisfy(
                        m -> assertThat(m.get("destinationOffice").asString()).isEqualTo("KEMAL100"));
        assertThat(references(officer, "?state=ENQUIRY")).contains(nairobi).doesNotContain(malaba);
        assertThat(officer.get("/api/v1/movements?state=ENQUIRY&state=OVERDUE").json())
                .allSatisfy(m -> assertThat(m.get("state").asString()).isIn("ENQUIRY", "OVERDUE"));
        assertThat(references(officer, "?state=IN_TRANSIT&state=ENQUIRY")).contains(malaba, nairobi);
        assertThat(references(officer, "?state=IN_TRANSIT,ENQUIRY")).contains(malaba, nairobi);
        assertThat(references(officer, "?destinationOffice=KEMAL100&state=IN_TRANSIT"))
                .contains(malaba);
        assertThat(references(officer, "?destinationOffice=KEMAL100&state=ENQUIRY"))
                .doesNotContain(malaba, nairobi);
        assertThat(references(officer, "?destinationOffice=ZZNONE00")).isEmpty();

        // visibility is as without filters: the declaring trader sees its own, another trader nothing
        assertThat(references(trader, "?destinationOffice=KEMAL100")).containsExactly(malaba);
        Api stranger = Transits.account(admin, port, admin.newOrganisation("TRADER"), "TRADER", "filter-stranger");
        assertThat(references(stranger, "?state=IN_TRANSIT&state=ENQUIRY")).isEmpty();

        Api.Response unknown = officer.get("/api/v1/movements?state=IN_TRANSIT&state=LOST");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        JsonNode error = unknown.json().get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo("state");
        assertThat(unknown.body()).contains("LOST", "IN_TRANSIT");
    }

    private static List<String> references(Api caller, String query) {
        Api.Response response = caller.get("/api/v1/movements" + query);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().findValuesAsString("reference");
    }
}
