package org.openects.server.commands.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openects.codec.openects.AckStatus;
import org.openects.codec.openects.Downlink;
import org.openects.codec.openects.Instruction;
import org.openects.codec.openects.JsonMessageCodec;
import org.openects.codec.openects.Uplink;
import org.openects.domain.DeviceId;
import org.openects.domain.LockState;
import org.openects.domain.Report;
import org.openects.domain.UnlockEvent;
import org.openects.domain.UnlockMethod;
import org.openects.server.audit.AuditLog;
import org.openects.server.identity.Accounts;
import org.openects.server.identity.OrganisationType;
import org.openects.server.identity.Organisations;
import org.openects.server.identity.Role;
import org.openects.server.support.Api;
import org.openects.server.support.DeviceCommandsClient;
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
 * Unlock authorisations end to end on PostgreSQL and the real Mosquitto: officers authorise, confirm under the
 * two-person option and revoke; a remote one goes to a native test seal as its UNLOCK command and follows the seal's
 * answer; unlocks the seal reports are matched to an authorisation as a custody step, or kept as unauthorised.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class UnlockAuthorisationsIT extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String PATH = "/api/v1/unlock-authorisations";

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    Organisations organisations;

    @Autowired
    UnlockAuthorisations unlocks;

    @Autowired
    UnlockMatcher matcher;

    @Autowired
    AuditLog audit;

    @Autowired
    JdbcTemplate jdbc;

    Api admin;
    Api operator;
    Api officer;
    Api secondOfficer;
    Api provider;
    long providerOrganisation;
    long trader;
    DeviceId device;
    byte[] key;
    long movement;
    long nextCounter = 1;
    final JsonMessageCodec json = new JsonMessageCodec(id -> null);

    @BeforeEach
    void aSealOnASupervisedMovement() {
        admin = Api.login(port, "admin", TestAccounts.ADMIN_PASSWORD);
        long customs = organisations.ensure("Unlock customs", OrganisationType.CUSTOMS);
        trader = organisations.ensure("Unlock trader", OrganisationType.TRADER);
        operator = person("unlock-operator", customs, Role.OPERATOR);
        officer = person("unlock-officer", customs, Role.OFFICER);
        secondOfficer = person("unlock-officer-2", customs, Role.OFFICER);
        providerOrganisation = organisations.ensure("Unlock seal provider", OrganisationType.SEAL_PROVIDER);
        provider = person("unlock-provider", providerOrganisation, Role.SEAL_PROVIDER);
        device = DeviceId.of(Fixtures.uniqueId("UNL"));
        key = register(device.value(), Map.of("ownerOrganisationId", providerOrganisation));
        movement = startMovement(device.value());
    }

    @AfterEach
    void realTime() {
        unlocks.useClock(Clock.systemUTC());
    }

    @Test
    void aRemoteUnlockAtTheDestinationGoesOutIsExecutedByTheSealsAnswerAndBecomesACustodyStep() {
        try (DeviceCommandsClient seal = new DeviceCommandsClient(device);
                DevicePublisher publisher = new DevicePublisher()) {
            publisher.publish(reportAt(-3.401, 38.561, LockState.LOCKED), key);
            awaitPosition(-3.401);

            Api.Response created = officer.post(PATH, remote("DESTINATION"));

            assertThat(created.status()).as(created.body()).isEqualTo(201);
            JsonNode view = created.json();
            String reference = view.get("reference").asString();
            assertThat(view.get("state").asString()).isEqualTo("SENT");
            assertThat(view.get("place").get("kind").asString()).isEqualTo("DESTINATION");
            assertThat(view.get("place").get("name").asString()).isEqualTo("Voi");
            assertThat(view.get("twoPerson").asBoolean()).isFalse();
            Downlink.Command command = (Downlink.Command) seal.next(key);
            assertThat(command.instruction())
                    .as("the seal receives the authorisation's code")
                    .isEqualTo(new Instruction.Unlock(DeviceCommands.authorisationCode(reference)));
            assertThat(view.get("commandCounter").asLong()).isEqualTo(command.counter());

            seal.publishAck(json.encodeAck(
                    new Uplink.Ack(device, takeCounter(), Instant.now(), command.counter(), AckStatus.DONE), key));
            JsonNode executed = awaitState(view.get("id").asLong(), "EXECUTED");
            assertThat(executed.get("ackStatus").asString()).isEqualTo("DONE");

            publisher.publish(reportAt(-3.401, 38.561, LockState.UNLOCKED), key);
            JsonNode step = Eventually.await(WAIT, "the UNLOCKED custody step", () -> {
                for (JsonNode s :
                        admin.get("/api/v1/movements/" + movement + "/custody").json()) {
                    if ("UNLOCKED".equals(s.path("kind").asString())) {
                        return s;
                    }
                }
                return null;
            });
            assertThat(step.get("recordedBy").asString()).isEqualTo("unlock-officer");
            assertThat(step.get("note").asString()).contains(reference, "REMOTE");
            assertThat(actions(reference))
                    .containsSubsequence("unlock.authorised", "unlock.sent", "unlock.executed", "unlock.used");
        }
    }

    @Test
    void atAnOfficeWithTheTwoPersonOptionASecondDifferentOfficerConfirms() {
        String office = twoPersonOffice();
        Api.Response created = officer.post(PATH, atTruck(office));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(created.json().get("state").asString()).isEqualTo("AWAITING_CONFIRMATION");
        assertThat(created.json().get("twoPerson").asBoolean()).isTrue();

        Api.Response self = officer.post(PATH + "/" + id + "/confirm", null);
        assertProblem(self, 409, "conflict");
        assertThat(self.json().get("detail").asString()).contains("two-person rule", "unlock-officer");
        assertProblem(operator.post(PATH + "/" + id + "/confirm", null), 403, "forbidden");

        Api.Response confirmed = secondOfficer.post(PATH + "/" + id + "/confirm", null);
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        assertThat(confirmed.json().get("state").asString()).isEqualTo("EFFECTIVE");
        assertThat(confirmed.json().get("confirmedBy").asString()).isEqualTo("unlock-officer-2");
        assertProblem(secondOfficer.post(PATH + "/" + id + "/confirm", null), 409, "conflict");

        Api.Response revoked = officer.post(PATH + "/" + id + "/revoke", Map.of("reason", "inspection moved"));
        assertThat(revoked.json().get("state").asString()).isEqualTo("REVOKED");
        assertProblem(officer.post(PATH + "/" + id + "/revoke", Map.of()), 409, "conflict");

        JsonNode listed = operator.get(PATH + "?deviceId=" + device.value()).json();
        assertThat(listed).hasSize(1);
        assertThat(operator.get(PATH + "/" + id).json().get("revokedBy").asString())
                .isEqualTo("unlock-officer");
        assertThat(actions(created.json().get("reference").asString()))
                .containsExactly("unlock.authorised", "unlock.confirmed", "unlock.revoked");
    }

    @Test
    void anAuthorisationPastItsWindowIsNoLongerConfirmed() {
        String office = twoPersonOffice();
        long id = officer.post(PATH, atTruck(office)).json().get("id").asLong();
        unlocks.useClock(Clock.offset(Clock.systemUTC(), Duration.ofHours(3)));

        Api.Response late = secondOfficer.post(PATH + "/" + id + "/confirm", null);

        assertProblem(late, 409, "conflict");
        assertThat(late.json().get("detail").asString()).contains("expired");
        assertThat(operator.get(PATH + "/" + id).json().get("state").asString()).isEqualTo("AWAITING_CONFIRMATION");
    }

    @Test
    void anUnlockAtTheTruckWithACardIsMatchedToItsAuthorisationAtThePlace() {
        Api.Response created = officer.post(
                PATH,
                Map.of(
                        "deviceId", device.value(),
                        "placeKind", "ORIGIN",
                        "method", "AT_TRUCK",
                        "reason", "physical examination at the port",
                        "validUntil", Instant.now().plus(Duration.ofHours(2)).toString()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("state").asString()).isEqualTo("EFFECTIVE");

        // away from the origin: not this authorisation's place
        matcher.match(unlockAt(-3.80, 39.30, new UnlockEvent(UnlockMethod.RFID_CARD, true, "0012260888", 1)));
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM unauthorised_unlocks WHERE device_id = ?", Long.class, device.value()))
                .isEqualTo(1);
        // at the port
        matcher.match(unlockAt(-4.051, 39.661, new UnlockEvent(UnlockMethod.RFID_CARD, true, "0012260888", 1)));

        JsonNode after =
                operator.get(PATH + "/" + created.json().get("id").asLong()).json();
        assertThat(after.get("state").asString()).isEqualTo("USED");
        assertThat(after.get("usedAt").asString()).isNotBlank();
        JsonNode steps = admin.get("/api/v1/movements/" + movement + "/custody").json();
        assertThat(steps.findValuesAsString("kind")).containsExactly("UNLOCKED");
        assertThat(steps.get(0).get("note").asString()).contains("RFID_CARD", "0012260888");
        assertThat(steps.get(0).get("place").asString()).isEqualTo("origin Mombasa port");
    }

    @Test
    void anUnlockAtTheTruckAtAnAuthorisedStopOfTheRoutePlanIsMatchedThere() {
        // The seal's movement, again with an authorised stop in its route plan.
        Api.Response cancelled =
                officer.post("/api/v1/movements/" + movement + "/cancel", Map.of("reason", "re-planned with a stop"));
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        Map<String, Object> body = new HashMap<>(Fixtures.aMovement(Fixtures.uniqueId("MRN"), trader, device.value()));
        @SuppressWarnings("unchecked")
        Map<String, Object> plan = new HashMap<>((Map<String, Object>) body.get("routePlan"));
        plan.put(
                "authorisedStops",
                List.of(Map.of(
                        "name",
                        "Mariakani weighbridge",
                        "latitude",
                        -3.80,
                        "longitude",
                        39.30,
                        "radiusMeters",
                        1000,
                        "maxStayMinutes",
                        120)));
        body.put("routePlan", plan);
        Api.Response started = admin.post("/api/v1/movements", body);
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        movement = started.json().get("id").asLong();
        Map<String, Object> request = new HashMap<>(Map.of(
                "deviceId", device.value(),
                "placeKind", "STOP",
                "method", "AT_TRUCK",
                "reason", "load check at the weighbridge",
                "validUntil", Instant.now().plus(Duration.ofHours(2)).toString()));

        request.put("stopName", "Nowhere truck park");
        assertInvalid(request, "stopName");
        request.put("stopName", "mariakani weighbridge");
        Api.Response created = officer.post(PATH, request);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("place").get("kind").asString()).isEqualTo("STOP");

        matcher.match(unlockAt(-3.801, 39.301, new UnlockEvent(UnlockMethod.RFID_CARD, true, "0012260888", 1)));

        JsonNode after =
                operator.get(PATH + "/" + created.json().get("id").asLong()).json();
        assertThat(after.get("state").asString()).isEqualTo("USED");
        JsonNode steps = admin.get("/api/v1/movements/" + movement + "/custody").json();
        assertThat(steps.findValuesAsString("kind")).containsExactly("UNLOCKED");
        assertThat(steps.get(0).get("place").asString()).isEqualTo("stop Mariakani weighbridge");
    }

    @Test
    void anUnlockWithNoAuthorisationIsKeptAsUnauthorised() {
        try (DevicePublisher publisher = new DevicePublisher()) {
            publisher.publish(reportAt(-3.80, 39.30, LockState.LOCKED), key);
            awaitPosition(-3.80);
            publisher.publish(reportAt(-3.801, 39.301, LockState.UNLOCKED), key);

            Map<String, Object> row =
                    Eventually.await(
                            WAIT, "the unauthorised unlock", () -> jdbc
                                    .queryForList(
                                            "SELECT * FROM unauthorised_unlocks WHERE device_id = ?", device.value())
                                    .stream()
                                    .findFirst()
                                    .orElse(null));
            assertThat(row.get("movement_id")).isEqualTo(movement);
            assertThat((String) row.get("method")).isEqualTo("LOCK_STATE");
            assertThat((String) row.get("reason")).contains("no unlock authorisation");
            audit.awaitRecorded(Duration.ofSeconds(10));
            assertThat(jdbc.queryForList(
                            "SELECT action FROM audit_entries WHERE subject_type = 'device' AND subject_id = ?",
                            String.class,
                            device.value()))
                    .contains("unlock.unauthorised");
        }
    }

    @Test
    void aRawUnlockOfASupervisedSealNeedsAnEffectiveRemoteAuthorisation() {
        String commands = "/api/v1/devices/" + device.value() + "/commands";
        Api.Response free = officer.post(commands, Map.of("op", "UNLOCK", "authorisation", "KRA/UNL/2025/0107"));
        assertProblem(free, 409, "conflict");
        assertThat(free.json().get("detail").asString()).contains("needs an effective unlock authorisation");

        Api.Response blind = officer.post(PATH, remote("DESTINATION"));
        assertProblem(blind, 409, "conflict");
        assertThat(blind.json().get("detail").asString()).contains("has reported no position yet");

        try (DevicePublisher publisher = new DevicePublisher()) {
            publisher.publish(reportAt(-3.80, 39.30, LockState.LOCKED), key);
            awaitPosition(-3.80);
            Api.Response away = officer.post(PATH, remote("DESTINATION"));
            assertProblem(away, 409, "conflict");
            assertThat(away.json().get("detail").asString()).contains("km from destination Voi");
        }
        assertThat(operator.get(PATH + "?movementId=" + movement).json())
                .as("nothing stored")
                .isEmpty();
    }

    @Test
    void badInputIsAProblemNamingTheFieldAndNothingIsStored() {
        String until = Instant.now().plus(Duration.ofHours(1)).toString();
        assertInvalid(
                Map.of("placeKind", "ORIGIN", "method", "AT_TRUCK", "reason", "r", "validUntil", until), "deviceId");
        assertInvalid(
                Map.of(
                        "deviceId",
                        "UNL-NO-SUCH",
                        "placeKind",
                        "ORIGIN",
                        "method",
                        "AT_TRUCK",
                        "reason",
                        "r",
                        "validUntil",
                        until),
                "deviceId");
        String idle = Fixtures.uniqueId("UNL");
        register(idle, Map.of());
        assertInvalid(
                Map.of(
                        "deviceId",
                        idle,
                        "placeKind",
                        "ORIGIN",
                        "method",
                        "AT_TRUCK",
                        "reason",
                        "r",
                        "validUntil",
                        until),
                "deviceId");
        assertInvalid(
                Map.of(
                        "deviceId",
                        device.value(),
                        "movementId",
                        movement + 1,
                        "placeKind",
                        "ORIGIN",
                        "method",
                        "AT_TRUCK",
                        "reason",
                        "r",
                        "validUntil",
                        until),
                "movementId");
        assertInvalid(
                Map.of(
                        "deviceId",
                        device.value(),
                        "placeKind",
                        "OFFICE",
                        "officeCode",
                        "ZZ999999",
                        "method",
                        "AT_TRUCK",
                        "reason",
                        "r",
                        "validUntil",
                        until),
                "officeCode");
        assertInvalid(
                Map.of(
                        "deviceId",
                        device.value(),
                        "placeKind",
                        "OFFICE",
                        "method",
                        "AT_TRUCK",
                        "reason",
                        "r",
                        "validUntil",
                        until),
                "officeCode");
        assertInvalid(
                Map.of(
                        "deviceId",
                        device.value(),
                        "placeKind",
                        "HARBOUR",
                        "method",
                        "AT_TRUCK",
                        "reason",
                        "r",
                        "validUntil",
                        until),
                "placeKind");
        assertInvalid(
                Map.of(
                        "deviceId",
                        device.value(),
                        "placeKind",
                        "ORIGIN",
                        "method",
                        "BY_MAGIC",
                        "reason",
                        "r",
                        "validUntil",
                        until),
                "method");
        assertInvalid(
                Map.of("deviceId", device.value(), "placeKind", "ORIGIN", "method", "AT_TRUCK", "validUntil", until),
                "reason");
        assertInvalid(
                Map.of(
                        "deviceId",
                        device.value(),
                        "placeKind",
                        "ORIGIN",
                        "method",
                        "AT_TRUCK",
                        "reason",
                        "r",
                        "validUntil",
                        Instant.now().minus(Duration.ofMinutes(5)).toString()),
                "validUntil");
        assertInvalid(
                Map.of(
                        "deviceId",
                        device.value(),
                        "placeKind",
                        "ORIGIN",
                        "method",
                        "AT_TRUCK",
                        "reason",
                        "r",
                        "validUntil",
                        Instant.now().plus(Duration.ofDays(8)).toString()),
                "validUntil");
        String jointech = "7" + String.valueOf(System.nanoTime()).substring(0, 9);
        register(jointech, Map.of("protocol", "jt600"));
        startMovement(jointech);
        assertInvalid(
                Map.of(
                        "deviceId",
                        jointech,
                        "placeKind",
                        "ORIGIN",
                        "method",
                        "REMOTE",
                        "reason",
                        "r",
                        "validUntil",
                        until),
                "method");

        assertThat(operator.get(PATH + "?deviceId=" + device.value()).json())
                .as("nothing stored")
                .isEmpty();
        assertProblem(operator.get(PATH + "/999999999"), 404, "not-found");
    }

    private Map<String, Object> remote(String placeKind) {
        return Map.of(
                "deviceId",
                device.value(),
                "placeKind",
                placeKind,
                "method",
                "REMOTE",
                "reason",
                "seals verified at destination",
                "validUntil",
                Instant.now().plus(Duration.ofHours(1)).toString());
    }

    private Map<String, Object> atTruck(String office) {
        return Map.of(
                "deviceId",
                device.value(),
                "movementId",
                movement,
                "placeKind",
                "OFFICE",
                "officeCode",
                office,
                "method",
                "AT_TRUCK",
                "reason",
                "examination at the inland depot",
                "validUntil",
                Instant.now().plus(Duration.ofHours(2)).toString());
    }

    /** An office near Voi with the two-person option, put by the administrator. */
    private String twoPersonOffice() {
        String code = "KEVOI" + String.format("%03d", Math.floorMod(System.nanoTime(), 1000));
        Api.Response put = admin.send(
                "PUT",
                "/api/v1/customs-offices/" + code,
                Map.of(
                        "name",
                        "Voi inland depot",
                        "country",
                        "KE",
                        "latitude",
                        -3.40,
                        "longitude",
                        38.56,
                        "radiusMeters",
                        2000,
                        "roles",
                        List.of("DESTINATION"),
                        "twoPersonUnlock",
                        true));
        assertThat(put.status()).as(put.body()).isIn(200, 201);
        assertThat(put.json().get("twoPersonUnlock").asBoolean()).isTrue();
        return code;
    }

    private long startMovement(String deviceId) {
        Api.Response started =
                admin.post("/api/v1/movements", Fixtures.aMovement(Fixtures.uniqueId("MRN"), trader, deviceId));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        return started.json().get("id").asLong();
    }

    private Report reportAt(double latitude, double longitude, LockState lock) {
        return Report.builder(device, Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .counter(takeCounter())
                .position(latitude, longitude)
                .lock(lock)
                .build();
    }

    private Report unlockAt(double latitude, double longitude, UnlockEvent event) {
        return Report.builder(device, Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .counter(takeCounter())
                .position(latitude, longitude)
                .lock(LockState.UNLOCKED)
                .unlock(event)
                .build();
    }

    private void awaitPosition(double latitude) {
        Eventually.await(WAIT, "the movement's live position at " + latitude, () -> {
            JsonNode status = admin.get("/api/v1/movements/" + movement).json().path("status");
            return Math.abs(status.path("latitude").asDouble(99) - latitude) < 1e-6 ? true : null;
        });
    }

    private JsonNode awaitState(long id, String state) {
        return Eventually.await(WAIT, "authorisation " + id + " " + state, () -> {
            JsonNode view = operator.get(PATH + "/" + id).json();
            return state.equals(view.path("state").asString()) ? view : null;
        });
    }

    private List<String> actions(String reference) {
        audit.awaitRecorded(Duration.ofSeconds(10));
        return jdbc.queryForList(
                "SELECT action FROM audit_entries WHERE subject_type = 'unlock-authorisation' AND subject_id = ?"
                        + " ORDER BY sequence",
                String.class,
                reference);
    }

    private long takeCounter() {
        return nextCounter++;
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

    private void assertInvalid(Map<String, Object> body, String field) {
        Api.Response response = officer.post(PATH, body);
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
