package org.openects.server.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openects.codec.openects.NativeReportCodec;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;
import org.openects.server.support.Api;
import org.openects.server.support.Fixtures;
import org.openects.server.support.IntegrationTest;
import org.openects.server.support.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** Devices posting native messages over HTTP, bulk registration and revocation, on PostgreSQL. */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class HttpIngestIT extends IntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    Api admin;
    String deviceId;
    byte[] key;

    @BeforeEach
    void aRegisteredSeal() {
        admin = Api.login(port, "admin", TestAccounts.ADMIN_PASSWORD);
        deviceId = Fixtures.uniqueId("HTTP");
        Api.Response registered = admin.registerDevice(Fixtures.anESeal(deviceId));
        key = Base64.getDecoder().decode(registered.json().get("key").asString());
    }

    @Test
    void aSignedReportPostedOverHttpIsAcceptedOnceAndItsReplayRefused() throws Exception {
        byte[] message = NativeReportCodec.signer().encode(report(1), key);

        JsonNode first = post(message);
        JsonNode again = post(message);

        assertThat(first.get("outcome").asString()).isEqualTo("ACCEPTED");
        assertThat(again.get("outcome").asString()).isEqualTo("REJECTED");
        assertThat(again.get("reason").asString()).isEqualTo("REPLAYED_COUNTER");
        JsonNode device = admin.get("/api/v1/devices/" + deviceId).json();
        assertThat(device.get("lastCounter").asLong()).isEqualTo(1);
        JsonNode stats = admin.get("/api/v1/ingress/stats?deviceId=" + deviceId).json();
        assertThat(stats.findValuesAsString("reason")).contains("REPLAYED_COUNTER");
        assertThat(stats.findValuesAsString("outcome")).contains("ACCEPTED", "REJECTED");
    }

    @Test
    void theTotalsByOutcomeAndReasonAreTheArchivesOwnCountsWithoutScanningIt() throws Exception {
        long malformedBefore = total("REJECTED", "MALFORMED");
        long acceptedBefore = total("ACCEPTED", null);
        post("not a signed report".getBytes());
        post("nor this".getBytes());
        post(NativeReportCodec.signer().encode(report(1), key));

        assertThat(total("REJECTED", "MALFORMED")).isGreaterThanOrEqualTo(malformedBefore + 2);
        assertThat(total("ACCEPTED", null)).isGreaterThanOrEqualTo(acceptedBefore + 1);
        // The running totals and a count of the archive itself, read in one statement (one snapshot), agree.
        Integer disagreements = jdbc.queryForObject("""
                SELECT COUNT(*) FROM (
                    SELECT outcome, COALESCE(reason, '') AS reason, COUNT(*) AS n FROM raw_messages
                    GROUP BY outcome, COALESCE(reason, '')) archive
                FULL JOIN (
                    SELECT outcome, reason, SUM(messages) AS n FROM ingress_counts GROUP BY outcome, reason) totals
                ON archive.outcome = totals.outcome AND archive.reason = totals.reason
                WHERE archive.n IS NULL OR totals.n IS NULL OR archive.n <> totals.n""", Integer.class);
        assertThat(disagreements).isZero();
    }

    private long total(String outcome, String reason) {
        JsonNode stats = admin.get("/api/v1/ingress/stats").json();
        long n = 0;
        for (JsonNode row : stats) {
            boolean sameReason = reason == null
                    ? row.get("reason") == null || row.get("reason").isNull()
                    : reason.equals(row.path("reason").asString(""));
            if (outcome.equals(row.get("outcome").asString()) && sameReason) {
                n += row.get("count").asLong();
            }
        }
        return n;
    }

    @Test
    void garbageIsKeptAndRefusedWithItsReason() throws Exception {
        JsonNode answer = post("definitely not a signed report".getBytes());

        assertThat(answer.get("outcome").asString()).isEqualTo("REJECTED");
        assertThat(answer.get("reason").asString()).isEqualTo("MALFORMED");
        assertThat(admin.get("/api/v1/ingress/rejections").json().findValuesAsString("source"))
                .isNotEmpty();
    }

    @Test
    void aRevokedDeviceIsRefusedEvenWithAValidSignature() throws Exception {
        Api.Response revoked =
                admin.post("/api/v1/devices/" + deviceId + "/revoke", Map.of("reason", "reported stolen"));
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().get("revokedAt").isNull()).isFalse();

        JsonNode answer = post(NativeReportCodec.signer().encode(report(5), key));

        assertThat(answer.get("reason").asString()).isEqualTo("REVOKED_DEVICE");
    }

    @Test
    void aCsvImportByAnAdministratorRegistersEveryDeviceAndLeavesTheSigningKeysForTheSealProvider() {
        String a = Fixtures.uniqueId("CSV");
        String b = Fixtures.uniqueId("CSV");
        String csv = "deviceId,kind,sealClass,protocol,firmware\n" + a + ",E_SEAL,H,openects,2.1\n" + b
                + ",TRACKER,,ais140,\n";

        Api.Response response = admin.send("POST", "/api/v1/devices/import", csv, "text/csv");

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        JsonNode devices = response.json();
        assertThat(devices).hasSize(2);
        for (JsonNode device : devices) {
            assertThat(device.path("key").isMissingNode() || device.get("key").isNull())
                    .as("an administrator never sees a key: %s", device)
                    .isTrue();
        }
        assertThat(devices.get(0).get("device").get("keyAwaitingProvider").asBoolean())
                .isTrue();
        assertThat(devices.get(1).get("device").get("keyAwaitingProvider").asBoolean())
                .as("ais140 signs nothing: no key waits")
                .isFalse();
        assertThat(admin.get("/api/v1/devices/" + b).json().get("protocol").asString())
                .isEqualTo("ais140");
    }

    @Test
    void aCsvWithABadLineRegistersNothingAndNamesTheLine() {
        String good = Fixtures.uniqueId("CSV");
        String csv = "deviceId,kind,sealClass,protocol,firmware\n" + good + ",E_SEAL,H,,\nBAD ID,E_SEAL,H,,\n";

        Api.Response response = admin.send("POST", "/api/v1/devices/import", csv, "text/csv");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").findValuesAsString("field")).containsExactly("line 3");
        assertThat(admin.get("/api/v1/devices/" + good).status()).isEqualTo(404);
    }

    private Report report(long counter) {
        return Report.builder(DeviceId.of(deviceId), Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .counter(counter)
                .position(-4.05, 39.66)
                .build();
    }

    private JsonNode post(byte[] body) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/ingest/openects"))
                                .header("Content-Type", "application/jose")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return Api.json().readTree(response.body());
    }
}
