package org.openects.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;
import org.openects.domain.SealState;
import org.openects.evidence.Hash;
import org.openects.evidence.MerkleHashes;
import org.openects.evidence.Verdict;
import org.openects.evidence.bundle.BundleVerifier;
import org.openects.evidence.bundle.EvidenceBundle;
import org.openects.evidence.checkpoint.Checkpoint;
import org.openects.evidence.checkpoint.Checkpoints;
import org.openects.evidence.checkpoint.VerifierKey;
import org.openects.evidence.cli.VerifyCommand;
import org.openects.evidence.merkle.ConsistencyProof;
import org.openects.evidence.merkle.InclusionProof;
import org.openects.evidence.merkle.Proofs;
import org.openects.server.support.Api;
import org.openects.server.support.DevicePublisher;
import org.openects.server.support.Eventually;
import org.openects.server.support.Fixtures;
import org.openects.server.support.IntegrationTest;
import org.openects.server.support.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The audit log on PostgreSQL: what the platform records, the witnesses' endpoints (checkpoint, verifier key, proofs)
 * and the movement evidence exports, each checked with the offline verifier's own code.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class AuditLogIT extends IntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    AuditLog audit;

    @Autowired
    JdbcTemplate jdbc;

    Api admin;
    Api anonymous;
    String deviceId;
    byte[] key;
    long movementId;

    @BeforeEach
    void aMovementWithARegisteredESeal() {
        admin = Api.login(port, "admin", TestAccounts.ADMIN_PASSWORD);
        anonymous = Api.anonymous(port);
        long traderId = admin.post(
                        "/api/v1/organisations", Map.of("name", Fixtures.uniqueId("Trader"), "type", "TRADER"))
                .json()
                .get("id")
                .asLong();
        deviceId = Fixtures.uniqueId("ESEAL");
        Api.Response registered = admin.registerDevice(Fixtures.anESeal(deviceId));
        assertThat(registered.status()).isEqualTo(201);
        key = Base64.getDecoder().decode(registered.json().get("key").asString());
        Api.Response movement =
                admin.post("/api/v1/movements", Fixtures.aMovement(Fixtures.uniqueId("MRN"), traderId, deviceId));
        assertThat(movement.status()).as(movement.body()).isEqualTo(201);
        movementId = movement.json().get("id").asLong();
    }

    @Test
    void aMovementStartADeviceRegistrationAndAnAlertAreLogged() {
        publishLeavingTheCorridor();

        List<String> alertActions = Eventually.await(Duration.ofSeconds(20), "an alert.raised entry", () -> {
            audit.awaitRecorded(Duration.ofSeconds(5));
            List<String> actions = jdbc.queryForList("""
                    SELECT e.action FROM audit_entries e JOIN alerts a ON e.subject_id = CAST(a.id AS VARCHAR(20))
                    WHERE e.subject_type = 'alert' AND a.movement_id = ?""", String.class, movementId);
            return actions.isEmpty() ? null : actions;
        });

        assertThat(alertActions).contains("alert.raised");
        assertThat(actionsAbout("movement", Long.toString(movementId))).containsExactly("movement.started");
        // Registered by the administrator; its key taken by its seal provider (the provisioning claim).
        assertThat(actionsAbout("device", deviceId)).containsExactly("device.registered", "device.key-provisioned");
        assertThat(jdbc.queryForObject(
                        "SELECT actor FROM audit_entries WHERE subject_type = 'movement' AND subject_id = ?",
                        String.class,
                        Long.toString(movementId)))
                .isEqualTo("user:admin");
    }

    @Test
    void deviceFramesAreLoggedOneEntryPerIngestBatchAndEachFrameCanBeProven() {
        publishLeavingTheCorridor();
        long rawMessageId = Eventually.await(Duration.ofSeconds(20), "a stored report", () -> jdbc
                .queryForList(
                        "SELECT raw_message_id FROM reports WHERE movement_id = ? ORDER BY id", Long.class, movementId)
                .stream()
                .findFirst()
                .orElse(null));
        audit.awaitRecorded(Duration.ofSeconds(10));

        FrameProof proof = audit.frameProof(rawMessageId).orElseThrow();

        byte[] digest = jdbc.queryForObject("SELECT digest FROM raw_messages WHERE id = ?", byte[].class, rawMessageId);
        assertThat(proof.digest()).isEqualTo(Hash.of(digest));
        assertThat(proof.batchEntry().action()).isEqualTo("frames.archived");
        assertThat(Long.parseLong(proof.batchEntry().details().get("firstRawMessageId")))
                .isLessThanOrEqualTo(rawMessageId);
        assertThat(Proofs.verifyInclusion(proof.proof(), MerkleHashes.leaf(digest), proof.batchRoot()))
                .isInstanceOf(Verdict.Valid.class);
        assertThat(Proofs.verifyInclusion(
                        proof.proof(),
                        MerkleHashes.leaf(digest),
                        proof.batchRoot().withBitFlipped(3)))
                .isInstanceOf(Verdict.Invalid.class);

        // the same proof over HTTP, for an auditor with nothing but the API and the verifier key
        audit.checkpointNow();
        JsonNode view = admin.get("/api/v1/audit/proofs/frame?rawMessageId=" + rawMessageId)
                .json();
        assertThat(view.get("sha256").asString()).isEqualTo(Hash.of(digest).hex());
        JsonNode batch = view.get("batchEntry");
        assertThat(batch.get("action").asString()).isEqualTo("frames.archived");
        assertThat(batch.get("details").get("root").asString())
                .isEqualTo(view.get("batchRoot").asString());
        InclusionProof withinBatch = new InclusionProof(
                view.get("leafIndex").asLong(), view.get("batchSize").asLong(), hashes(view));
        assertThat(Proofs.verifyInclusion(
                        withinBatch,
                        MerkleHashes.leaf(digest),
                        Hash.ofBase64(view.get("batchRoot").asString())))
                .isInstanceOf(Verdict.Valid.class);
        Checkpoint checkpoint = valid(Checkpoints.verify(
                        anonymous.get("/api/v1/audit/checkpoint").body(),
                        VerifierKey.parse(
                                anonymous.get("/api/v1/audit/verifier-key").body())))
                .checkpoint();
        JsonNode inclusion = view.get("entryInclusion");
        assertThat(inclusion.get("treeSize").asLong()).isEqualTo(checkpoint.size());
        byte[] canonical =
                java.util.Base64.getDecoder().decode(batch.get("canonical").asString());
        assertThat(Proofs.verifyInclusion(
                        new InclusionProof(
                                inclusion.get("leafIndex").asLong(),
                                inclusion.get("treeSize").asLong(),
                                hashes(inclusion)),
                        MerkleHashes.leaf(canonical),
                        checkpoint.root()))
                .isInstanceOf(Verdict.Valid.class);
        assertThat(admin.get("/api/v1/audit/proofs/frame?rawMessageId=999999999")
                        .status())
                .isEqualTo(404);
        assertThat(admin.get("/api/v1/audit/proofs/frame").status()).isEqualTo(400);
    }

    @Test
    void theCheckpointVerifiesUnderThePublishedKeyAndInclusionProofsLeadToItsRoot() {
        VerifierKey key =
                VerifierKey.parse(anonymous.get("/api/v1/audit/verifier-key").body());
        audit.checkpointNow();

        Api.Response note = anonymous.get("/api/v1/audit/checkpoint");
        assertThat(note.status()).isEqualTo(200);
        assertThat(note.contentType()).startsWith("text/plain");
        Checkpoint checkpoint = valid(Checkpoints.verify(note.body(), key)).checkpoint();
        assertThat(checkpoint.size()).isPositive();

        long index = jdbc.queryForObject(
                "SELECT sequence FROM audit_entries WHERE subject_type = 'movement' AND subject_id = ?",
                Long.class,
                Long.toString(movementId));
        Api.Response auditor = admin.get("/api/v1/audit/entries?from=" + index + "&limit=1");
        Hash leaf = Hash.ofBase64(auditor.json().get(0).get("leafHash").asString());
        assertThat(MerkleHashes.leaf(Base64.getDecoder()
                        .decode(auditor.json().get(0).get("canonical").asString())))
                .isEqualTo(leaf);
        JsonNode json = anonymous
                .get("/api/v1/audit/proofs/inclusion?index=" + index + "&size=" + checkpoint.size())
                .json();
        InclusionProof proof = new InclusionProof(
                json.get("leafIndex").asLong(), json.get("treeSize").asLong(), hashes(json));

        assertThat(Proofs.verifyInclusion(proof, leaf, checkpoint.root())).isInstanceOf(Verdict.Valid.class);
        assertThat(Proofs.verifyInclusion(proof, leaf.withBitFlipped(0), checkpoint.root()))
                .isInstanceOf(Verdict.Invalid.class);
    }

    @Test
    void aLaterCheckpointIsConsistentWithAnEarlierOne() {
        VerifierKey key = audit.verifierKey();
        Checkpoint earlier =
                valid(Checkpoints.verify(audit.checkpointNow().text(), key)).checkpoint();
        audit.record(AuditEvent.now(AuditEvent.system("test"), "test.recorded", "test", "1", Map.of("n", "1")));
        Checkpoint later =
                valid(Checkpoints.verify(audit.checkpointNow().text(), key)).checkpoint();
        assertThat(later.size()).isGreaterThan(earlier.size());

        JsonNode json = anonymous
                .get("/api/v1/audit/proofs/consistency?from=" + earlier.size() + "&to=" + later.size())
                .json();
        ConsistencyProof proof = new ConsistencyProof(
                json.get("oldSize").asLong(), json.get("newSize").asLong(), hashes(json));

        assertThat(Checkpoints.checkExtends(earlier, later, proof)).isInstanceOf(Verdict.Valid.class);
        Checkpoint forged =
                new Checkpoint(later.origin(), later.size(), later.root().withBitFlipped(7));
        assertThat(Checkpoints.checkExtends(earlier, forged, proof)).isInstanceOf(Verdict.Invalid.class);
    }

    @Test
    void badProofAndEntryParametersGet400NamingTheParameter() {
        assertThat(problemField(anonymous.get("/api/v1/audit/proofs/inclusion?index=-1")))
                .isEqualTo("index");
        assertThat(problemField(anonymous.get("/api/v1/audit/proofs/inclusion?index=abc")))
                .isEqualTo("index");
        assertThat(problemField(anonymous.get("/api/v1/audit/proofs/inclusion?index=0&size=999999999")))
                .isEqualTo("size");
        assertThat(problemField(anonymous.get("/api/v1/audit/proofs/consistency?from=5&to=2")))
                .isEqualTo("from");
        assertThat(problemField(admin.get("/api/v1/audit/entries?limit=0"))).isEqualTo("limit");
        assertThat(problemField(admin.get("/api/v1/audit/entries?from=-3"))).isEqualTo("from");
    }

    @Test
    void nothingChangesTheLogThroughTheApi() {
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            assertThat(admin.send(method, "/api/v1/audit/entries", "{}").status())
                    .as(method)
                    .isIn(401, 403, 404, 405);
            assertThat(admin.send(method, "/api/v1/audit/checkpoint", "{}").status())
                    .as(method)
                    .isIn(401, 403, 404, 405);
        }
    }

    @Test
    void theMovementBundleVerifiesOfflineAndFailsOnceOneByteIsAltered(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        publishLeavingTheCorridor();
        Eventually.await(Duration.ofSeconds(20), "two stored reports", () -> {
            Integer n = jdbc.queryForObject(
                    "SELECT COUNT(*) FROM reports WHERE movement_id = ?", Integer.class, movementId);
            return n != null && n >= 2 ? n : null;
        });
        String key = anonymous.get("/api/v1/audit/verifier-key").body().strip();

        byte[] xml = bytes("/api/v1/movements/" + movementId + "/evidence.xml");

        EvidenceBundle bundle = valid(new BundleVerifier(VerifierKey.parse(key)).verify(xml));
        assertThat(bundle.entries())
                .extracting(e -> e.entry().action())
                .contains("movement.started", "evidence.exported");
        assertThat(bundle.frames()).hasSizeGreaterThanOrEqualTo(2);
        Path file = dir.resolve("bundle.xml");
        Files.write(file, xml);
        assertThat(verify(file, key)).isZero();

        String text = new String(xml, StandardCharsets.UTF_8);
        int at = text.indexOf("movement.started");
        byte[] altered = xml.clone();
        altered[text.substring(0, at).getBytes(StandardCharsets.UTF_8).length + 9] ^= 1;
        assertThat(new BundleVerifier(VerifierKey.parse(key)).verify(altered)).isInstanceOf(Verdict.Invalid.class);
        Path tampered = dir.resolve("tampered.xml");
        Files.write(tampered, altered);
        assertThat(verify(tampered, key)).isEqualTo(1);

        Api.Response csv = admin.get("/api/v1/movements/" + movementId + "/evidence.csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body()).startsWith("sequence,time,actor,action").contains(",movement.started,");
    }

    private void publishLeavingTheCorridor() {
        try (DevicePublisher device = new DevicePublisher()) {
            device.publish(
                    report(1).position(-4.05, 39.66).seal(SealState.CLOSED).build(), key);
            device.publish(
                    report(2).position(-3.20, 39.40).seal(SealState.CLOSED).build(), key);
        }
    }

    private Report.Builder report(long counter) {
        return Report.builder(DeviceId.of(deviceId), Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .counter(counter);
    }

    private List<String> actionsAbout(String type, String id) {
        audit.awaitRecorded(Duration.ofSeconds(10));
        return jdbc.queryForList(
                "SELECT action FROM audit_entries WHERE subject_type = ? AND subject_id = ? ORDER BY sequence",
                String.class,
                type,
                id);
    }

    private byte[] bytes(String path) throws Exception {
        java.net.http.HttpResponse<byte[]> response = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                                .header("Authorization", "Bearer " + token())
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode())
                .as(new String(response.body(), StandardCharsets.UTF_8))
                .isEqualTo(200);
        return response.body();
    }

    private String token() {
        return anonymous
                .post("/api/v1/auth/login", Map.of("username", "admin", "password", TestAccounts.ADMIN_PASSWORD))
                .json()
                .get("token")
                .asString();
    }

    private static int verify(Path file, String key) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        return VerifyCommand.run(
                new String[] {file.toString(), "--key", key},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    private static String problemField(Api.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        return response.json().get("errors").get(0).get("field").asString();
    }

    private static List<Hash> hashes(JsonNode json) {
        List<Hash> hashes = new ArrayList<>();
        json.get("hashes").forEach(h -> hashes.add(Hash.ofBase64(h.asString())));
        return hashes;
    }

    private static <T> T valid(Verdict<T> verdict) {
        assertThat(verdict).as("%s", verdict).isInstanceOf(Verdict.Valid.class);
        return ((Verdict.Valid<T>) verdict).value();
    }
}
