package org.openects.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openects.server.support.Api;
import org.openects.server.support.Fixtures;
import org.openects.server.support.IntegrationTest;
import org.openects.server.support.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Every CSV export is in the audit log: who took the movement's evidence CSV, how many rows it had and the SHA-256
 * of the very bytes answered.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class CsvExportAuditIT extends IntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    AuditLog audit;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theEvidenceCsvExportRecordsWhoTookItItsRowsAndItsDigest() throws Exception {
        Api admin = Api.login(port, "admin", TestAccounts.ADMIN_PASSWORD);
        long trader = admin.newOrganisation("TRADER");
        String device = Fixtures.uniqueId("CSV");
        assertThat(admin.post("/api/v1/devices", Fixtures.anESeal(device)).status())
                .isEqualTo(201);
        String reference = Fixtures.uniqueId("MRN");
        long movement = admin.post("/api/v1/movements", Fixtures.aMovement(reference, trader, device))
                .json()
                .get("id")
                .asLong();
        audit.awaitRecorded(Duration.ofSeconds(10));

        Api.Response csv = admin.get("/api/v1/movements/" + movement + "/evidence.csv");

        assertThat(csv.status()).isEqualTo(200);
        long rows = csv.body().lines().count() - 1;
        assertThat(rows).isPositive();
        audit.awaitRecorded(Duration.ofSeconds(10));
        List<byte[]> exports = jdbc.queryForList(
                "SELECT canonical FROM audit_entries WHERE action = 'evidence.exported' AND subject_type = 'movement'"
                        + " AND subject_id = ? ORDER BY sequence",
                byte[].class,
                Long.toString(movement));
        assertThat(exports).hasSize(1);
        JsonNode entry = Api.json().readTree(new String(exports.get(0), StandardCharsets.UTF_8));
        assertThat(entry.get("actor").asString()).isEqualTo("user:admin");
        JsonNode details = entry.get("details");
        assertThat(details.get("format").asString()).isEqualTo("csv");
        assertThat(details.get("reference").asString()).isEqualTo(reference);
        assertThat(details.get("rows").asString()).isEqualTo(Long.toString(rows));
        assertThat(details.get("sha256").asString())
                .isEqualTo(HexFormat.of()
                        .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                .digest(csv.body().getBytes(StandardCharsets.UTF_8))));
    }
}
