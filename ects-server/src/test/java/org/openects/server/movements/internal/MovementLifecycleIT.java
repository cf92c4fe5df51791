package org.openects.server.movements.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openects.domain.DeviceId;
import org.openects.server.audit.AuditLog;
import org.openects.server.corridors.CorridorLibrary;
import org.openects.server.corridors.RouteCorridor;
import org.openects.server.declarations.DeclarationFiled;
import org.openects.server.declarations.SealRequestRefused;
import org.openects.server.declarations.SealsAssigned;
import org.openects.server.declarations.SealsRequested;
import org.openects.server.movements.IllegalTransitionException;
import org.openects.server.movements.Movement;
import org.openects.server.movements.MovementArrivals;
import org.openects.server.movements.MovementDevice;
import org.openects.server.movements.MovementState;
import org.openects.server.movements.MovementTransition;
import org.openects.server.movements.RoutePlanSpec;
import org.openects.server.shared.InvalidFieldException;
import org.openects.server.support.Api;
import org.openects.server.support.Eventually;
import org.openects.server.support.Fixtures;
import org.openects.server.support.IntegrationTest;
import org.openects.server.support.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The movement lifecycle on PostgreSQL: every pair of states through the database, the transitions API and its 409
 * problem, the declarations module's events, the procedure's sweep on a controllable clock, and arrivals.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class MovementLifecycleIT extends IntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcMovements movements;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    CorridorLibrary corridors;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AuditLog audit;

    @Autowired
    MovementArrivals arrivals;

    /** Logged in once for the class: the 256 pairs need no accounts of their own. */
    static Api admin;

    static Api officer;
    static long trader;

    @BeforeEach
    void logIn() {
        if (admin == null) {
            admin = Api.login(port, "admin", TestAccounts.ADMIN_PASSWORD);
            trader = admin.newOrganisation("TRADER");
            officer = user(admin.newOrganisation("CUSTOMS"), "OFFICER");
        }
    }

    static Stream<Arguments> everyPair() {
        List<Arguments> pairs = new ArrayList<>();
        for (MovementState from : MovementState.values()) {
            for (MovementState to : MovementState.values()) {
                pairs.add(Arguments.of(from, to));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void everyTransitionIsRecordedWhenLegalAndChangesNothingWhenNot(MovementState from, MovementState to) {
        long id = declared(Instant.now().plus(Duration.ofDays(3))).id();
        jdbc.update("UPDATE movements SET state = ? WHERE id = ?", from.name(), id);
        int before = movements.history(id).size();

        if (from.canMoveTo(to)) {
            Movement moved = movements.transition(id, to, "tester", "KEMSA100", "pair " + from + " -> " + to);
            assertThat(moved.state()).isEqualTo(to);
            assertThat(movements.find(id).orElseThrow().state()).isEqualTo(to);
            List<MovementTransition> history = movements.history(id);
            assertThat(history).hasSize(before + 1);
            MovementTransition last = history.getLast();
            assertThat(last.from()).isEqualTo(from);
            assertThat(last.to()).isEqualTo(to);
            assertThat(last.actor()).isEqualTo("tester");
            assertThat(last.place()).isEqualTo("KEMSA100");
            assertThat(last.reason()).isEqualTo("pair " + from + " -> " + to);
        } else {
            assertThatThrownBy(() -> movements.transition(id, to, "tester", null, "out of order"))
                    .isInstanceOfSatisfying(IllegalTransitionException.class, e -> {
                        assertThat(e.current()).isEqualTo(from);
                        assertThat(e.requested()).isEqualTo(to);
                        assertThat(e.allowed()).isEqualTo(from.allowedNext());
                    });
            assertThat(movements.find(id).orElseThrow().state()).isEqualTo(from);
            assertThat(movements.history(id)).hasSize(before);
        }
    }

    @Test
    void anIllegalTransitionIsA409NamingTheCurrentAndAllowedStatesAndChangesNothing() {
        long id = startDirectly();
        String transitions = "/api/v1/movements/" + id + "/transitions";

        Api.Response closed = officer.post(transitions, Map.of("to", "CLOSED", "reason", "too early"));

        assertThat(closed.status()).isEqualTo(409);
        assertThat(closed.contentType()).startsWith("application/problem+json");
        assertThat(closed.json().get("currentState").asString()).isEqualTo("IN_TRANSIT");
        assertThat(closed.json().get("requestedState").asString()).isEqualTo("CLOSED");
        assertThat(strings(closed.json().get("allowedNextStates")))
                .containsExactly("AT_BORDER", "ARRIVED", "INCIDENT", "DIVERTED", "OVERDUE", "CANCELLED");
        Api.Response overdue = officer.post(transitions, Map.of("to", "OVERDUE", "reason", "by hand"));
        assertThat(overdue.status()).isEqualTo(409);
        assertThat(overdue.json().get("rule").asString()).contains("time limit");
        assertThat(officer.post(transitions, Map.of("to", "NOWHERE", "reason", "x"))
                        .status())
                .isEqualTo(400);
        assertThat(officer.post(transitions, Map.of("to", "AT_BORDER", "reason", " "))
                        .status())
                .isEqualTo(400);
        JsonNode history = officer.get(transitions).json();
        assertThat(history.size()).isEqualTo(1);
        assertThat(history.get(0).get("to").asString()).isEqualTo("IN_TRANSIT");
        assertThat(history.get(0).get("reason").asString()).isEqualTo("started directly");
        assertThat(admin.get("/api/v1/movements/" + id).json().get("state").asString())
                .isEqualTo("IN_TRANSIT");
    }

    @Test
    void aLegalTransitionIsRecordedWithActorPlaceAndReasonAndAudited() {
        long id = startDirectly();
        String transitions = "/api/v1/movements/" + id + "/transitions";

        Api.Response border =
                officer.post(transitions, Map.of("to", "AT_BORDER", "reason", "handover to URA", "place", "KEMAL100"));

        assertThat(border.status()).as(border.body()).isEqualTo(201);
        assertThat(border.json().get("state").asString()).isEqualTo("AT_BORDER");
        assertThat(strings(border.json().get("allowedNextStates"))).contains("IN_TRANSIT", "INCIDENT");
        JsonNode last = officer.get(transitions).json().get(1);
        assertThat(last.get("from").asString()).isEqualTo("IN_TRANSIT");
        assertThat(last.get("to").asString()).isEqualTo("AT_BORDER");
        assertThat(last.get("place").asString()).isEqualTo("KEMAL100");
        assertThat(last.get("reason").asString()).isEqualTo("handover to URA");
        assertThat(last.get("actor").asString()).isNotBlank();
        assertThat(audit.awaitRecorded(Duration.ofSeconds(10))).isTrue();
        assertThat(officer.get("/api/v1/movements/" + id + "/evidence.csv").body())
                .contains("movement.transition", "AT_BORDER", "handover to URA");
        // another trader sees neither the movement nor its history; a trader may not move it
        Api stranger = user(admin.newOrganisation("TRADER"), "TRADER");
        assertThat(stranger.get(transitions).status()).isEqualTo(404);
        assertThat(stranger.post(transitions, Map.of("to", "IN_TRANSIT", "reason", "x"))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void theDeclarationsEventsTakeAMovementFromDeclaredToArmed() {
        long declaration = System.nanoTime();
        String reference = Fixtures.uniqueId("DEC").replace("-", "");
        String seal1 = registeredDevice();
        String seal2 = registeredDevice();
        String tracker = registeredDevice();
        Instant limit = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);

        publish(filed(declaration, reference, List.of("KEMAL100", "UGMAL100"), limit));

        Movement declared = movements.ofDeclaration(declaration).orElseThrow();
        assertThat(declared.state()).isEqualTo(MovementState.DECLARED);
        assertThat(declared.reference()).isEqualTo(reference);
        assertThat(declared.traderOrganisationId()).isEqualTo(trader);
        assertThat(declared.devices()).isEmpty();
        assertThat(declared.deviceId()).isNull();
        assertThat(declared.timeLimit()).isEqualTo(limit);
        assertThat(declared.departureOffice()).isEqualTo("KEMSA100");
        assertThat(declared.destinationOffice()).isEqualTo("UGKLA100");
        assertThat(declared.vehicle()).isEqualTo("KDA 123A / ZF 4567; MSCU1234565");
        RoutePlanSpec plan = declared.routePlan();
        assertThat(plan.borderPosts())
                .extracting(RoutePlanSpec.GeofenceSpec::name)
                .containsExactly("KEMAL100 Malaba (Kenya side)", "UGMAL100 Malaba (Uganda side)");
        assertThat(plan.corridor().path()).hasSize(4);
        assertThat(plan.toRoutePlan().geofences()).hasSize(2);
        // Mombasa - Malaba - Kampala in straight lines: about 1,000 km; 50 km/h, 45 min after each 4.5 h
        assertThat(declared.estimatedDistanceMeters()).isBetween(900_000.0, 1_100_000.0);
        assertThat(declared.estimatedTransitSeconds())
                .isEqualTo(plan.estimate().transit().toSeconds())
                .isGreaterThan((long) (declared.estimatedDistanceMeters() / 1000 / 50 * 3600));
        JsonNode view = admin.get("/api/v1/movements/" + declared.id()).json();
        assertThat(view.get("state").asString()).isEqualTo("DECLARED");
        assertThat(view.get("estimatedDistanceMeters").asDouble()).isEqualTo(declared.estimatedDistanceMeters());
        assertThat(view.get("estimatedTransitSeconds").asLong()).isEqualTo(declared.estimatedTransitSeconds());
        assertThat(view.get("declarationId").asLong()).isEqualTo(declaration);
        assertThat(view.path("deviceId").isNull() || view.path("deviceId").isMissingNode())
                .isTrue();

        publish(new SealsRequested(declaration, 1, "trader-user", Instant.now()));
        assertThat(stateOf(declared.id())).isEqualTo(MovementState.SEALS_REQUESTED);
        publish(new SealRequestRefused(declaration, 1, "wrong document", "officer-x", Instant.now()));
        assertThat(stateOf(declared.id())).isEqualTo(MovementState.DECLARED);
        assertThatThrownBy(() -> publish(assigned(declaration, seal1, seal2, tracker)))
                .as("devices are assigned to a movement whose seals were requested")
                .isInstanceOf(IllegalTransitionException.class);
        publish(new SealsRequested(declaration, 2, "trader-user", Instant.now()));
        publish(assigned(declaration, seal1, seal2, tracker));

        Movement assigned = movements.find(declared.id()).orElseThrow();
        assertThat(assigned.state()).isEqualTo(MovementState.SEALS_ASSIGNED);
        assertThat(assigned.devices())
                .containsExactly(
                        new MovementDevice(seal1, MovementDevice.Role.SEAL),
                        new MovementDevice(seal2, MovementDevice.Role.SEAL),
                        new MovementDevice(tracker, MovementDevice.Role.TRACKER));
        assertThat(assigned.deviceId()).isEqualTo(seal1);
        assertThat(movements.activeFor(DeviceId.of(seal1)))
                .as("assigned, not yet supervised")
                .isEmpty();

        // another declaration cannot take a device this movement holds: the event is refused, nothing changes
        long other = declaration + 1;
        publish(filed(other, Fixtures.uniqueId("DEC").replace("-", ""), List.of(), limit));
        publish(new SealsRequested(other, 3, "trader-user", Instant.now()));
        assertThatThrownBy(() -> publish(assigned(other, seal2, registeredDevice(), registeredDevice())))
                .hasMessageContaining(seal2);
        assertThat(movements.ofDeclaration(other).orElseThrow().state()).isEqualTo(MovementState.SEALS_REQUESTED);
        assertThat(movements.ofDeclaration(other).orElseThrow().devices()).isEmpty();

        // arming with photos is a custody step: SEALS_ASSIGNED -> ARMED, and every device now maps to the movement
        Api.Response armed = officer.post(
                "/api/v1/movements/" + declared.id() + "/custody",
                Map.of(
                        "kind", "ARMED",
                        "place", "Mombasa port",
                        "seals", List.of(Map.of("number", seal1, "state", "INTACT"))));
        assertThat(armed.status()).as(armed.body()).isEqualTo(201);
        assertThat(stateOf(declared.id())).isEqualTo(MovementState.ARMED);
        for (String device : List.of(seal1, seal2, tracker)) {
            assertThat(movements.activeFor(DeviceId.of(device)).map(Movement::id))
                    .contains(declared.id());
        }
        assertThat(movements.history(declared.id()))
                .extracting(MovementTransition::to)
                .containsExactly(
                        MovementState.DECLARED,
                        MovementState.SEALS_REQUESTED,
                        MovementState.DECLARED,
                        MovementState.SEALS_REQUESTED,
                        MovementState.SEALS_ASSIGNED,
                        MovementState.ARMED);
    }

    @Test
    void aDeclarationNamingAnUnknownOfficeIsRefusedAndNothingIsStored() {
        long declaration = System.nanoTime();
        DeclarationFiled filed =
                filed(declaration, Fixtures.uniqueId("DEC").replace("-", ""), List.of("ZZNOPE00"), Instant.now());

        assertThatThrownBy(() -> publish(filed))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.getMessage())
                        .contains("ZZNOPE00"));
        assertThat(movements.ofDeclaration(declaration)).isEmpty();
    }

    @Test
    void aDeclarationNamingACorridorGetsThatCorridorVersionsPlanAndEstimates() {
        long declaration = System.nanoTime();
        DeclarationFiled plain =
                filed(declaration, Fixtures.uniqueId("DEC").replace("-", ""), List.of("UGMAL100"), Instant.now());
        DeclarationFiled filed = new DeclarationFiled(
                plain.declarationId(),
                plain.documentType(),
                plain.reference(),
                plain.declarantOrganisationId(),
                null,
                "KEMSA100",
                "KEMAL100",
                plain.transitOffices(),
                plain.vehiclePlates(),
                plain.containers(),
                1,
                plain.timeLimit(),
                "northern-corridor-msa-mal",
                null,
                "trader-user",
                Instant.now());
        RouteCorridor corridor =
                corridors.find("northern-corridor-msa-mal", null).orElseThrow();

        publish(filed);

        Movement movement = movements.ofDeclaration(declaration).orElseThrow();
        RoutePlanSpec plan = movement.routePlan();
        assertThat(plan.corridorId()).isEqualTo("northern-corridor-msa-mal");
        assertThat(plan.corridorVersion()).isEqualTo(corridor.version());
        assertThat(plan.corridor().path()).hasSize(corridor.centreline().size());
        assertThat(plan.corridor().widthMeters()).isEqualTo(corridor.widthMeters());
        assertThat(plan.authorisedStops()).hasSize(corridor.authorisedStops().size());
        assertThat(plan.restrictedZones()).hasSize(corridor.restrictedZones().size());
        // the corridor's border posts, then the transit office's geofence
        assertThat(plan.borderPosts()).hasSize(corridor.borderPosts().size() + 1);
        assertThat(plan.toRoutePlan().geofences())
                .hasSize(corridor.borderPosts().size()
                        + 1
                        + corridor.authorisedStops().size()
                        + corridor.restrictedZones().size());
        assertThat(movement.estimatedDistanceMeters()).isCloseTo(corridor.lengthMeters(), within(1.0));
        assertThat(movement.estimatedTransitSeconds()).isCloseTo(corridor.estimatedTransitSeconds(), within(60L));
    }

    @Test
    void aDeclarationNamingAnUnknownCorridorVersionIsRefusedAndNothingIsStored() {
        long declaration = System.nanoTime();
        DeclarationFiled plain =
                filed(declaration, Fixtures.uniqueId("DEC").replace("-", ""), List.of(), Instant.now());
        DeclarationFiled filed = new DeclarationFiled(
                plain.declarationId(),
                plain.documentType(),
                plain.reference(),
                plain.declarantOrganisationId(),
                null,
                plain.departureOffice(),
                plain.destinationOffice(),
                plain.transitOffices(),
                plain.vehiclePlates(),
                plain.containers(),
                1,
                plain.timeLimit(),
                "northern-corridor-msa-mal",
                9999,
                "trader-user",
                Instant.now());

        assertThatThrownBy(() -> publish(filed))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.getMessage())
                        .contains("version 9999"));
        assertThat(movements.ofDeclaration(declaration)).isEmpty();
    }

    @Test
    void theSweepMovesALateMovementToOverdueThenToEnquiryOnItsClock() {
        Instant start = Instant.now();
        long id = declared(start.plus(Duration.ofHours(1))).id();
        jdbc.update(
                "UPDATE movements SET state = 'IN_TRANSIT', state_since = ? WHERE id = ?", Timestamp.from(start), id);
        SettableClock clock = new SettableClock(start);
        Procedure procedure = new Procedure(
                movements,
                clock,
                new ProcedureConfiguration.ProcedureProperties(
                        Duration.ofHours(2), Duration.ofMinutes(1), Duration.ofMinutes(15)),
                new SimpleMeterRegistry());

        procedure.sweep();
        assertThat(stateOf(id)).isEqualTo(MovementState.IN_TRANSIT);

        clock.now = start.plus(Duration.ofHours(1)).plusSeconds(1);
        procedure.sweep();
        assertThat(stateOf(id)).isEqualTo(MovementState.OVERDUE);
        MovementTransition overdue = movements.history(id).getLast();
        assertThat(overdue.actor()).isEqualTo("system:procedure");
        assertThat(overdue.reason()).contains("time limit");

        clock.now = start.plus(Duration.ofMinutes(90));
        procedure.sweep();
        assertThat(stateOf(id)).as("overdue for less than two hours").isEqualTo(MovementState.OVERDUE);

        clock.now = overdue.at().plus(Duration.ofHours(2)).plusSeconds(1);
        procedure.sweep();
        assertThat(stateOf(id)).isEqualTo(MovementState.ENQUIRY);
        assertThat(movements.history(id).getLast().actor()).isEqualTo("system:procedure");

        clock.now = clock.now.plus(Duration.ofDays(1));
        procedure.sweep();
        assertThat(stateOf(id)).as("the enquiry stays until customs closes it").isEqualTo(MovementState.ENQUIRY);
    }

    @Test
    void anArrivalTheMonitoringSawMovesTheMovementToArrivedOnce() {
        long id = startDirectly();

        assertThat(arrivals.arrived(id, Instant.now(), "arrived at Voi")).isTrue();

        Eventually.await(Duration.ofSeconds(10), "the arrival", () -> stateOf(id) == MovementState.ARRIVED ? 1 : null);
        MovementTransition arrived = movements.history(id).getLast();
        assertThat(arrived.actor()).isEqualTo("system:monitoring");
        assertThat(arrived.place()).isEqualTo("arrived at Voi");
        int transitions = movements.history(id).size();
        assertThat(arrivals.arrived(id, Instant.now(), "arrived at Voi")).isTrue();
        Procedure.Arrival again = new Procedure.Arrival(id, Instant.now(), "again");
        new Procedure(
                        movements,
                        Clock.systemUTC(),
                        new ProcedureConfiguration.ProcedureProperties(
                                Duration.ofHours(2), Duration.ofMinutes(1), Duration.ofMinutes(15)),
                        new SimpleMeterRegistry())
                .arrive(again);
        assertThat(movements.history(id)).hasSize(transitions);
    }

    /** A clock the test sets. */
    static final class SettableClock extends Clock {
        volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        for (JsonNode node : array) {
            strings.add(node.asString());
        }
        return strings;
    }

    private MovementState stateOf(long id) {
        return movements.find(id).orElseThrow().state();
    }

    private Movement declared(Instant timeLimit) {
        long declaration = System.nanoTime();
        publish(filed(declaration, Fixtures.uniqueId("DEC").replace("-", ""), List.of(), timeLimit));
        return movements.ofDeclaration(declaration).orElseThrow();
    }

    private DeclarationFiled filed(long declaration, String reference, List<String> transit, Instant timeLimit) {
        return new DeclarationFiled(
                declaration,
                "MRN",
                reference,
                trader,
                null,
                "KEMSA100",
                "UGKLA100",
                transit,
                List.of("KDA 123A", "ZF 4567"),
                List.of("MSCU1234565"),
                2,
                timeLimit,
                null,
                null,
                "trader-user",
                Instant.now());
    }

    private static SealsAssigned assigned(long declaration, String seal1, String seal2, String tracker) {
        return new SealsAssigned(
                declaration,
                2,
                1,
                List.of(
                        new SealsAssigned.AssignedDevice(seal1, SealsAssigned.Role.SEAL),
                        new SealsAssigned.AssignedDevice(seal2, SealsAssigned.Role.SEAL),
                        new SealsAssigned.AssignedDevice(tracker, SealsAssigned.Role.TRACKER)),
                "officer-x",
                Instant.now());
    }

    /** Publishes an event in a transaction of its own, as the declarations module does in its. */
    private void publish(Object event) {
        transactions.executeWithoutResult(status -> events.publishEvent(event));
    }

    private long startDirectly() {
        Api.Response started = admin.post(
                "/api/v1/movements", Fixtures.aMovement(Fixtures.uniqueId("MRN"), trader, registeredDevice()));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        return started.json().get("id").asLong();
    }

    private String registeredDevice() {
        String device = Fixtures.uniqueId("LC");
        assertThat(admin.post("/api/v1/devices", Fixtures.anESeal(device)).status())
                .isEqualTo(201);
        return device;
    }

    private Api user(long organisation, String role) {
        String username = Fixtures.uniqueId(role.toLowerCase()).toLowerCase();
        String password = "a-long-test-password-1";
        Api.Response created = admin.post(
                "/api/v1/users",
                Map.of(
                        "username",
                        username,
                        "password",
                        password,
                        "organisationId",
                        organisation,
                        "roles",
                        List.of(role)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return Api.login(port, username, password);
    }
}
