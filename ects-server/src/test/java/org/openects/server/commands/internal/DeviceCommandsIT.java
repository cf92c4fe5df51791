package org.openects.server.commands.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openects.codec.openects.AckStatus;
import org.openects.codec.openects.CompactCodec;
import org.openects.codec.openects.Downlink;
import org.openects.codec.openects.Instruction;
import org.openects.codec.openects.JsonMessageCodec;
import org.openects.codec.openects.KeyWrap;
import org.openects.codec.openects.NativeReportCodec;
import org.openects.codec.openects.Uplink;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;
import org.openects.server.audit.AuditLog;
import org.openects.server.identity.Accounts;
import org.openects.server.identity.OrganisationType;
import org.openects.server.identity.Organisations;
import org.openects.server.identity.Role;
import org.openects.server.support.Api;
import org.openects.server.support.DeviceCommandsClient;
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
 * Commands over the real Mosquitto on PostgreSQL, with a test device that subscribes to its commands topic, verifies
 * what arrives with the codec as a device does, and answers on its acks topic.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class DeviceCommandsIT extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    Organisations organisations;

    @Autowired
    DeviceCommands commands;

    @Autowired
    AuditLog audit;

    @Autowired
    JdbcTemplate jdbc;

    Api admin;
    Api operator;
    Api officer;
    Api provider;
    long providerOrganisation;
    DeviceId device;
    byte[] key;
    long nextCounter = 1;
    final JsonMessageCodec json = new JsonMessageCodec(id -> null);
    final CompactCodec compact = CompactCodec.signer();

    @BeforeEach
    void aRegisteredSealAndItsPeople() {
        admin = Api.login(port, "admin", TestAccounts.ADMIN_PASSWORD);
        long customs = organisations.ensure("Commands customs", OrganisationType.CUSTOMS);
        providerOrganisation = organisations.ensure("Commands seal provider", OrganisationType.SEAL_PROVIDER);
        operator = person("commands-operator", customs, Role.OPERATOR);
        officer = person("commands-officer", customs, Role.OFFICER);
        provider = person("commands-provider", providerOrganisation, Role.SEAL_PROVIDER);
        device = DeviceId.of(Fixtures.uniqueId("CMD"));
        key = register(device.value(), Map.of("ownerOrganisationId", providerOrganisation));
    }

    @Test
    void aPingGoesOutSignedAndItsAcknowledgementMakesItDoneOnceAndAudited() {
        try (DeviceCommandsClient seal = new DeviceCommandsClient(device)) {
            Api.Response sent = operator.post(commandsPath(), Map.of("op", "PING"));

            assertThat(sent.status()).as(sent.body()).isEqualTo(201);
            JsonNode view = sent.json();
            assertThat(view.get("counter").asLong()).isEqualTo(1);
            assertThat(view.get("op").asString()).isEqualTo("PING");
            assertThat(view.get("requestedBy").asString()).isEqualTo("commands-operator");
            assertThat(sent.contentType()).startsWith("application/json");
            Downlink.Command command = (Downlink.Command) seal.next(key);
            assertThat(command.counter()).isEqualTo(1);
            assertThat(command.instruction()).isEqualTo(new Instruction.Ping());
            assertThat(command.validFor()).isEqualTo(Duration.ofMinutes(10));
            JsonNode afterSend = awaitStatus(1, "SENT");
            assertThat(afterSend.get("transport").asString()).isEqualTo("MQTT");
            assertThat(afterSend.get("encoding").asString()).isEqualTo("JSON");

            byte[] ack = json.encodeAck(ack(1, AckStatus.DONE), key);
            seal.publishAck(ack);
            JsonNode done = awaitStatus(1, "DONE");
            assertThat(done.get("ackRawMessageId").asLong()).isPositive();
            assertThat(done.get("acknowledgedAt").asString()).isNotBlank();

            seal.publishAck(ack); // the same acknowledgement again: its counter is replayed
            Eventually.await(
                    WAIT,
                    "the replayed acknowledgement refused",
                    () -> jdbc.queryForObject(
                                            "SELECT COUNT(*) FROM raw_messages WHERE claimed_device_id = ? AND kind = 'command-ack'"
                                                    + " AND reason = 'REPLAYED_COUNTER'",
                                            Long.class,
                                            device.value())
                                    == 1
                            ? true
                            : null);
            assertThat(operator.get(commandsPath()).json().findValuesAsString("status"))
                    .containsExactly("DONE");
            assertThat(actions())
                    .containsSubsequence(
                            "device.command-requested", "device.command-sent", "device.command-acknowledged");
        }
    }

    @Test
    void commandsGoInTheDevicesLastEncodingAndItsAnswersAreRecordedAsGiven() {
        try (DeviceCommandsClient seal = new DeviceCommandsClient(device)) {
            seal.publishReport(compact.encodeReport(report(), key));
            Eventually.await(
                    WAIT,
                    "the compact report accepted",
                    () -> admin.get("/api/v1/devices/" + device.value())
                                            .json()
                                            .get("lastCounter")
                                            .asLong()
                                    > 0
                            ? true
                            : null);

            Api.Response interval = operator.post(
                    commandsPath(), Map.of("op", "SET_INTERVAL", "intervalSeconds", 30, "validMinutes", 2));
            assertThat(interval.status()).as(interval.body()).isEqualTo(201);
            byte[] raw = seal.nextMessage(WAIT);
            assertThat(DeviceCommandsClient.isCompact(raw)).isTrue();
            Downlink.Command setInterval = (Downlink.Command) seal.verify(raw, key);
            assertThat(setInterval.instruction()).isEqualTo(new Instruction.SetReportInterval(Duration.ofSeconds(30)));
            assertThat(setInterval.validFor()).isEqualTo(Duration.ofMinutes(2));

            Api.Response unlock =
                    officer.post(commandsPath(), Map.of("op", "UNLOCK", "authorisation", "KRA/UNL/2025/0042"));
            assertThat(unlock.status()).as(unlock.body()).isEqualTo(201);
            Downlink.Command unlockCommand = (Downlink.Command) seal.next(key);
            assertThat(unlockCommand.instruction())
                    .isEqualTo(new Instruction.Unlock(
                            unlock.json().get("authorisationCode").asLong()));

            seal.publishAck(compact.encodeAck(ack(setInterval.counter(), AckStatus.STALE_COUNTER), key));
            seal.publishAck(compact.encodeAck(ack(unlockCommand.counter(), AckStatus.EXPIRED), key));
            awaitStatus(setInterval.counter(), "STALE_COUNTER");
            awaitStatus(unlockCommand.counter(), "EXPIRED");
            assertThat(awaitStatus(unlockCommand.counter(), "EXPIRED")
                            .get("encoding")
                            .asString())
                    .isEqualTo("COMPACT");
        }
        audit.awaitRecorded(Duration.ofSeconds(10));
        List<String> unlockEntries = jdbc
                .queryForList(
                        "SELECT canonical FROM audit_entries WHERE subject_type = 'device' AND subject_id = ?"
                                + " AND action = 'device.command-requested' ORDER BY sequence",
                        byte[].class,
                        device.value())
                .stream()
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                .filter(entry -> entry.contains("UNLOCK"))
                .toList();
        assertThat(unlockEntries).singleElement().satisfies(entry -> assertThat(entry)
                .contains("KRA/UNL/2025/0042", "user:commands-officer"));
        assertThat(provider.get(commandsPath()).json().findValuesAsString("op"))
                .as("a seal provider never sees unlocks")
                .containsExactly("SET_INTERVAL");
        assertThat(provider.get(commandsPath() + "/2").status()).isEqualTo(404);
    }

    @Test
    void aCommandNobodyAnswersTimesOutAndALateAnswerIsStillRecorded() {
        Api.Response sent = operator.post(commandsPath(), Map.of("op", "PING", "validMinutes", 1));
        assertThat(sent.status()).as(sent.body()).isEqualTo(201);

        commands.sweep(Instant.now().plus(Duration.ofMinutes(3)));
        assertThat(operator.get(commandsPath() + "/1").json().get("status").asString())
                .isEqualTo("TIMED_OUT");
        assertThat(actions()).contains("device.command-timed-out");

        try (DeviceCommandsClient seal = new DeviceCommandsClient(device)) {
            seal.publishAck(json.encodeAck(ack(1, AckStatus.DONE), key));
            awaitStatus(1, "DONE");
        }
    }

    @Test
    void aTimeRequestIsAnsweredOnTheCommandsTopicInItsEncoding() {
        try (DeviceCommandsClient seal = new DeviceCommandsClient(device)) {
            Instant asked = Instant.now();
            seal.publishReport(json.encodeTimeRequest(new Uplink.TimeRequest(device, 7, asked), key));
            Downlink.TimeResponse answer = (Downlink.TimeResponse) seal.next(key);
            assertThat(answer.requestCounter()).isEqualTo(7);
            assertThat(answer.platformTime()).isBetween(asked.minusSeconds(1), Instant.now());

            seal.publishReport(compact.encodeTimeRequest(new Uplink.TimeRequest(device, 8, asked), key));
            byte[] raw = seal.nextMessage(WAIT);
            assertThat(DeviceCommandsClient.isCompact(raw)).isTrue();
            assertThat(CompactCodec.decodeDownlink(raw, device, key))
                    .isInstanceOfSatisfying(org.openects.codec.openects.DownlinkResult.Accepted.class, a -> assertThat(
                                    ((Downlink.TimeResponse) a.message()).requestCounter())
                            .isEqualTo(8));

            seal.publishReport(json.encodeTimeRequest(new Uplink.TimeRequest(device, 7, asked), key));
            Eventually.await(
                    WAIT,
                    "the replayed time request refused",
                    () -> jdbc.queryForObject(
                                            "SELECT COUNT(*) FROM raw_messages WHERE claimed_device_id = ?"
                                                    + " AND kind = 'time-request' AND reason = 'REPLAYED_COUNTER'",
                                            Long.class,
                                            device.value())
                                    == 1
                            ? true
                            : null);
            assertThat(seal.quietFor(Duration.ofSeconds(2)))
                    .as("a replayed time request gets no answer")
                    .isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aKeyRotationInBandSwitchesKeysWhenTheDeviceProvesTheNewOne() {
        try (DeviceCommandsClient seal = new DeviceCommandsClient(device)) {
            assertThat(publishReport(seal, key)).isEqualTo("ACCEPTED");

            Api.Response rotation = admin.post(commandsPath(), Map.of("op", "ROTATE_KEY"));
            assertThat(rotation.status()).as(rotation.body()).isEqualTo(201);
            assertThat(rotation.json().has("wrappedKey") || rotation.json().has("id"))
                    .as("the wrapped key never leaves the platform")
                    .isFalse();
            assertThat(admin.post(commandsPath(), Map.of("op", "ROTATE_KEY")).status())
                    .as("one rotation at a time")
                    .isEqualTo(409);
            Downlink.Command command = (Downlink.Command) seal.next(key);
            byte[] newKey = KeyWrap.unwrap(
                    key, command.counter(), ((Instruction.RotateKey) command.instruction()).wrappedKey());
            assertThat(newKey).isNotNull().hasSize(32);

            assertThat(publishReport(seal, key))
                    .as("the current key verifies while the rotation is open")
                    .isEqualTo("ACCEPTED");
            seal.publishAck(json.encodeAck(ack(command.counter(), AckStatus.DONE), newKey));
            awaitStatus(command.counter(), "DONE");

            assertThat(publishReport(seal, newKey)).isEqualTo("ACCEPTED");
            assertThat(publishReport(seal, key)).as("the old key is disabled").isEqualTo("BAD_SIGNATURE");
            Eventually.await(
                    WAIT,
                    "the new key persisted",
                    () -> admin.get("/api/v1/devices/" + device.value())
                                            .json()
                                            .get("keyVersion")
                                            .asInt()
                                    == 2
                            ? true
                            : null);
            assertThat(jdbc.queryForObject(
                            "SELECT key_secret FROM device_retired_keys WHERE device_id = ?",
                            byte[].class,
                            device.value()))
                    .as("the old key is kept for archived messages")
                    .isEqualTo(key);
            awaitAction("device.key-rotated");
        }
    }

    @Test
    void aRotationTheDeviceRefusesIsAbandonedAndItsPendingKeyNeverVerifies() {
        try (DeviceCommandsClient seal = new DeviceCommandsClient(device)) {
            admin.post(commandsPath(), Map.of("op", "ROTATE_KEY"));
            Downlink.Command command = (Downlink.Command) seal.next(key);
            byte[] newKey = KeyWrap.unwrap(
                    key, command.counter(), ((Instruction.RotateKey) command.instruction()).wrappedKey());

            seal.publishAck(json.encodeAck(ack(command.counter(), AckStatus.FAILED), key));
            awaitStatus(command.counter(), "FAILED");
            awaitAction("device.key-rotation-abandoned");

            assertThat(publishReport(seal, newKey)).isEqualTo("BAD_SIGNATURE");
            assertThat(publishReport(seal, key)).isEqualTo("ACCEPTED");
            assertThat(admin.post(commandsPath(), Map.of("op", "ROTATE_KEY")).status())
                    .as("a new rotation may start")
                    .isEqualTo(201);
        }
    }

    @Test
    void badRequestsAreProblemDetailsNamingTheField() {
        assertInvalid(officer, Map.of("op", "UNLOCK"), "authorisation");
        assertInvalid(officer, Map.of("op", "UNLOCK", "authorisation", "  "), "authorisation");
        assertInvalid(officer, Map.of("op", "UNLOCK", "authorisation", "x".repeat(65)), "authorisation");
        assertInvalid(operator, Map.of("op", "SET_INTERVAL"), "intervalSeconds");
        assertInvalid(operator, Map.of("op", "SET_INTERVAL", "intervalSeconds", 0), "intervalSeconds");
        assertInvalid(operator, Map.of("op", "PING", "intervalSeconds", 30), "intervalSeconds");
        assertInvalid(operator, Map.of("op", "PING", "validMinutes", 65536), "validMinutes");
        assertInvalid(operator, Map.of("op", "SELF_DESTRUCT"), "op");
        assertInvalid(operator, Map.of(), "op");

        Api.Response notJson = operator.post(commandsPath(), "{");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().get("type").asString()).isEqualTo("https://openects.org/problems/malformed-request");
        assertThat(operator.get(commandsPath()).json()).as("nothing was issued").isEmpty();
    }

    @Test
    void onlyTheRightPeopleCommandOnlyDevicesThatCanTakeIt() {
        assertProblem(operator.post(commandsPath(), Map.of("op", "UNLOCK", "authorisation", "A-1")), 403, "forbidden");
        assertProblem(admin.post(commandsPath(), Map.of("op", "UNLOCK", "authorisation", "A-1")), 403, "forbidden");
        assertProblem(officer.post(commandsPath(), Map.of("op", "ROTATE_KEY")), 403, "forbidden");
        assertProblem(
                provider.post(commandsPath(), Map.of("op", "SET_INTERVAL", "intervalSeconds", 5)), 403, "forbidden");
        assertThat(provider.post(commandsPath(), Map.of("op", "PING")).status())
                .as("a seal provider pings its own devices")
                .isEqualTo(201);

        String others = Fixtures.uniqueId("CMD");
        register(others, Map.of());
        assertProblem(provider.post("/api/v1/devices/" + others + "/commands", Map.of("op", "PING")), 404, "not-found");
        assertProblem(provider.get("/api/v1/devices/" + others + "/commands"), 404, "not-found");
        assertProblem(operator.post("/api/v1/devices/CMD-NO-SUCH/commands", Map.of("op", "PING")), 404, "not-found");
        assertProblem(operator.get(commandsPath() + "/999"), 404, "not-found");

        String legacy = Fixtures.uniqueId("CMD");
        register(legacy, Map.of("protocol", "ais140"));
        assertProblem(operator.post("/api/v1/devices/" + legacy + "/commands", Map.of("op", "PING")), 409, "conflict");
        admin.post("/api/v1/devices/" + others + "/revoke", Map.of("reason", "stolen"));
        assertProblem(operator.post("/api/v1/devices/" + others + "/commands", Map.of("op", "PING")), 409, "conflict");
    }

    private Api person(String username, long organisation, Role role) {
        String password = username + "-password";
        accounts.ensureUser(username, password, organisation, Set.of(role));
        return Api.login(port, username, password);
    }

    private byte[] register(String deviceId, Map<String, Object> more) {
        Map<String, Object> body = new HashMap<>(Fixtures.anESeal(deviceId));
        body.putAll(more);
        Api.Response registered = admin.post("/api/v1/devices", body);
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        if (registered.json().path("device").path("keyAwaitingProvider").asBoolean(false)
                && body.containsKey("ownerOrganisationId")) {
            // The key goes to the device's seal provider only: it takes it (the provisioning claim).
            registered = provider.post("/api/v1/devices/" + deviceId + "/provisioning", null);
            assertThat(registered.status()).as(registered.body()).isEqualTo(200);
        }
        JsonNode key = registered.json().path("key");
        return key.isString() ? Base64.getDecoder().decode(key.asString()) : new byte[0];
    }

    private String commandsPath() {
        return "/api/v1/devices/" + device.value() + "/commands";
    }

    private Uplink.Ack ack(long command, AckStatus status) {
        return new Uplink.Ack(device, takeCounter(), Instant.now(), command, status);
    }

    private long takeCounter() {
        return nextCounter++;
    }

    private Report report() {
        return Report.builder(device, Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .counter(takeCounter())
                .position(-4.05, 39.66)
                .build();
    }

    /** Publishes a JSON report under {@code signingKey}; answers its archived outcome, or its reason if refused. */
    private String publishReport(DeviceCommandsClient seal, byte[] signingKey) {
        Report report = report();
        byte[] sent = NativeReportCodec.signer().encode(report, signingKey);
        seal.publishReport(sent);
        return Eventually.await(
                WAIT, "report " + report.counter() + " archived", () -> jdbc.queryForList("""
                        SELECT outcome, reason, payload FROM raw_messages
                        WHERE claimed_device_id = ? AND kind IN ('report', 'error') ORDER BY received_at""", device.value()).stream()
                        .filter(row -> java.util.Arrays.equals((byte[]) row.get("payload"), sent))
                        .map(row ->
                                row.get("reason") != null ? (String) row.get("reason") : (String) row.get("outcome"))
                        .findFirst()
                        .orElse(null));
    }

    private JsonNode awaitStatus(long counter, String status) {
        return Eventually.await(WAIT, "command " + counter + " " + status, () -> {
            JsonNode view = admin.get(commandsPath() + "/" + counter).json();
            return status.equals(view.path("status").asString()) ? view : null;
        });
    }

    private void awaitAction(String action) {
        Eventually.await(WAIT, action + " in the audit log", () -> actions().contains(action) ? true : null);
    }

    private List<String> actions() {
        audit.awaitRecorded(Duration.ofSeconds(10));
        return jdbc.queryForList(
                "SELECT action FROM audit_entries WHERE subject_type = 'device' AND subject_id = ? ORDER BY sequence",
                String.class,
                device.value());
    }

    private void assertInvalid(Api caller, Object body, String field) {
        Api.Response response = caller.post(commandsPath(), body);
        assertProblem(response, 400, "validation");
        assertThat(response.json().get("errors").findValuesAsString("field"))
                .as("%s → %s", body, response.body())
                .contains(field);
    }

    private static void assertProblem(Api.Response response, int status, String type) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).isEqualTo("https://openects.org/problems/" + type);
    }
}
