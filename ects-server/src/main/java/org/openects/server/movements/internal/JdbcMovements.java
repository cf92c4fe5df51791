package org.openects.server.movements.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.openects.domain.DeviceId;
import org.openects.domain.GeoPosition;
import org.openects.rules.geo.TransitEstimate;
import org.openects.server.audit.AuditEvent;
import org.openects.server.audit.AuditLog;
import org.openects.server.devices.DeviceRegistry;
import org.openects.server.identity.CurrentUser;
import org.openects.server.identity.OrganisationType;
import org.openects.server.identity.Organisations;
import org.openects.server.live.LiveHub;
import org.openects.server.live.LiveMessage;
import org.openects.server.movements.IllegalTransitionException;
import org.openects.server.movements.Movement;
import org.openects.server.movements.MovementDevice;
import org.openects.server.movements.MovementDirectory;
import org.openects.server.movements.MovementRejectedException;
import org.openects.server.movements.MovementRequest;
import org.openects.server.movements.MovementState;
import org.openects.server.movements.MovementTransition;
import org.openects.server.movements.MovementTransitions;
import org.openects.server.movements.Movements;
import org.openects.server.movements.RoutePlanSpec;
import org.openects.server.shared.AfterCommit;
import org.openects.server.shared.FieldProblem;
import org.openects.server.shared.InvalidFieldException;
import org.openects.server.shared.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Movements on the database, with the supervised ones cached in memory by device for the hot path (every device of a
 * supervised movement maps to it). Every change of state goes through {@link #transition}: checked against {@link
 * MovementState#allowedNext()}, stored in {@code movement_transitions} and audited in the same transaction.
 */
@Service
class JdbcMovements implements Movements, MovementDirectory, MovementTransitions {

    private static final Logger log = LoggerFactory.getLogger(JdbcMovements.class);

    /** The field a problem with assigned devices names (the seal request's assignment). */
    private static final String DEVICES_FIELD = "assignedDevices";

    /** The reason recorded for a movement's first transition when it is started directly. */
    static final String STARTED_DIRECTLY = "started directly";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final DeviceRegistry devices;
    private final Organisations organisations;
    private final AuditLog audit;
    private final LiveHub live;
    private final Clock clock;
    private final Map<DeviceId, Movement> activeByDevice = new ConcurrentHashMap<>();

    JdbcMovements(
            JdbcClient jdbc,
            JsonMapper json,
            DeviceRegistry devices,
            Organisations organisations,
            AuditLog audit,
            LiveHub live,
            Clock clock) {
        this.audit = audit;
        this.live = live;
        this.jdbc = jdbc;
        this.json = json;
        this.devices = devices;
        this.organisations = organisations;
        this.clock = clock;
        List<Movement> supervised = withDevices(jdbc.sql("SELECT * FROM movements WHERE state IN (:states)")
                .param("states", supervisedStates())
                .query(this::movement)
                .list());
        for (Movement movement : supervised) {
            cache(movement);
        }
        log.info("Movements: {} supervised", supervised.size());
    }

    /** The clock every time of this module comes from (a bean: tests set it). */
    Clock clock() {
        return clock;
    }

    @Override
    @Transactional
    public Movement start(MovementRequest request, String actor) {
        validateRoutePlan(request.routePlan());
        requireOrganisation("traderOrganisationId", request.traderOrganisationId(), OrganisationType.TRADER);
        if (request.transporterOrganisationId() != null) {
            requireOrganisation(
                    "transporterOrganisationId", request.transporterOrganisationId(), OrganisationType.TRANSPORTER);
        }
        if (devices.find(request.deviceId()).isEmpty()) {
            throw new InvalidFieldException("deviceId", "no device " + request.deviceId() + " is registered");
        }
        DeviceId deviceId = DeviceId.of(request.deviceId());
        Movement busy = activeByDevice.get(deviceId);
        if (busy != null) {
            throw new MovementRejectedException(
                    "device " + request.deviceId() + " is already on active movement " + busy.reference());
        }
        Instant now = clock.instant();
        TransitEstimate estimate = request.routePlan().estimate();
        long id = insert(
                new NewMovement(
                        request.reference(),
                        request.traderOrganisationId(),
                        request.transporterOrganisationId(),
                        request.vehicle(),
                        request.routePlan(),
                        null,
                        null,
                        null,
                        null,
                        estimate.distanceMeters(),
                        estimate.transit().toSeconds()),
                MovementState.IN_TRANSIT,
                request.deviceId(),
                now,
                actor);
        List<MovementDevice> onIt = List.of(new MovementDevice(request.deviceId(), MovementDevice.Role.SEAL));
        holdDevices(id, onIt, request.reference());
        recordTransition(id, null, MovementState.IN_TRANSIT, now, actor, null, STARTED_DIRECTLY);
        Movement movement = find(id).orElseThrow();
        audit.record(AuditEvent.now(
                AuditEvent.user(actor),
                "movement.started",
                "movement",
                Long.toString(id),
                Map.of("reference", request.reference(), "device", request.deviceId(), "state", "IN_TRANSIT")));
        AfterCommit.run(() -> cache(movement));
        log.info("Movement {} ({}) started by {} with device {}", id, request.reference(), actor, deviceId);
        return movement;
    }

    /**
     * What a new movement carries besides its state and devices.
     *
     * @param declarationId the declaration it comes from, or {@code null} for a direct start
     */
    record NewMovement(
            String reference,
            long traderOrganisationId,
            @Nullable Long transporterOrganisationId,
            @Nullable String vehicle,
            RoutePlanSpec routePlan,
            @Nullable Long declarationId,
            @Nullable Instant timeLimit,
            @Nullable String departureOffice,
            @Nullable String destinationOffice,
            double estimatedDistanceMeters,
            long estimatedTransitSeconds) {}

    /**
     * Opens a declaration's movement in {@link MovementState#DECLARED}, with its first transition and audit entry, in
     * the caller's transaction.
     *
     * @throws MovementRejectedException when a movement with the reference or for the declaration exists
     */
    Movement declare(NewMovement draft, String actor, Instant at) {
        long id = insert(draft, MovementState.DECLARED, null, at, actor);
        recordTransition(id, null, MovementState.DECLARED, at, actor, draft.departureOffice(), "declaration filed");
        audit.record(new AuditEvent(
                at,
                AuditEvent.user(actor),
                "movement.declared",
                "movement",
                Long.toString(id),
                Map.of(
                        "reference", draft.reference(),
                        "declaration", String.valueOf(draft.declarationId()),
                        "state", MovementState.DECLARED.name()),
                List.of()));
        return find(id).orElseThrow();
    }

    private long insert(NewMovement draft, MovementState state, @Nullable String deviceId, Instant now, String actor) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        try {
            jdbc.sql("""
                            INSERT INTO movements (reference, trader_organisation_id, transporter_organisation_id, device_id,
                                vehicle, state, origin_name, destination_name, route_plan, created_at, created_by,
                                declaration_id, time_limit, departure_office_code, destination_office_code,
                                estimated_distance_m, estimated_transit_s, state_since)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(
                            draft.reference(),
                            draft.traderOrganisationId(),
                            draft.transporterOrganisationId(),
                            deviceId,
                            draft.vehicle(),
                            state.name(),
                            draft.routePlan().origin().name(),
                            draft.routePlan().destination().name(),
                            json.writeValueAsString(draft.routePlan()),
                            Timestamp.from(now),
                            actor,
                            draft.declarationId(),
                            draft.timeLimit() == null ? null : Timestamp.from(draft.timeLimit()),
                            draft.departureOffice(),
                            draft.destinationOffice(),
                            draft.estimatedDistanceMeters(),
                            draft.estimatedTransitSeconds(),
                            Timestamp.from(now))
                    .update(keys, "id");
        } catch (DuplicateKeyException e) {
            String cause = String.valueOf(e.getMostSpecificCause().getMessage()).toLowerCase(Locale.ROOT);
            if (cause.contains("movements_declaration")) {
                throw new MovementRejectedException("declaration " + draft.declarationId() + " has a movement");
            }
            throw new MovementRejectedException("a movement with reference " + draft.reference() + " exists");
        }
        return keys.getKey().longValue();
    }

    /**
     * Puts devices on a movement, held by it; the database refuses a device another movement holds.
     *
     * @throws MovementRejectedException when a device is held by another movement
     */
    private void holdDevices(long id, List<MovementDevice> onIt, String reference) {
        for (MovementDevice device : onIt) {
            Movement busy = activeByDevice.get(DeviceId.of(device.deviceId()));
            if (busy != null && busy.id() != id) {
                throw new MovementRejectedException(
                        "device " + device.deviceId() + " is already on active movement " + busy.reference());
            }
        }
        try {
            for (int i = 0; i < onIt.size(); i++) {
                jdbc.sql("""
                                INSERT INTO movement_devices (movement_id, device_id, role, ordinal, held)
                                VALUES (?, ?, ?, ?, TRUE)""")
                        .params(id, onIt.get(i).deviceId(), onIt.get(i).role().name(), i)
                        .update();
            }
        } catch (DuplicateKeyException e) {
            String cause = String.valueOf(e.getMostSpecificCause().getMessage()).toLowerCase(Locale.ROOT);
            if (cause.contains("one_holder") || cause.contains("held_device_id")) {
                // Another movement took one of the devices first (the database's one-holder index).
                throw new MovementRejectedException("device "
                        + String.join(
                                ", ",
                                onIt.stream().map(MovementDevice::deviceId).toList())
                        + " is already on an active movement (movement " + reference + " cannot hold it)");
            }
            throw new InvalidFieldException(DEVICES_FIELD, "a device is listed twice");
        }
    }

    /**
     * Assigns devices to a movement in {@link MovementState#SEALS_REQUESTED} and moves it to {@link
     * MovementState#SEALS_ASSIGNED}, in the caller's transaction.
     *
     * @throws IllegalTransitionException when the movement is in another state
     * @throws MovementRejectedException when a device is held by another movement
     */
    Movement assign(long id, List<MovementDevice> assigned, String actor, String reason) {
        Movement movement = lock(id);
        if (!movement.state().canMoveTo(MovementState.SEALS_ASSIGNED)) {
            throw new IllegalTransitionException(
                    movement.reference(), movement.state(), MovementState.SEALS_ASSIGNED, null);
        }
        if (assigned.isEmpty()) {
            throw new InvalidFieldException(DEVICES_FIELD, "at least one device is assigned");
        }
        for (int i = 0; i < assigned.size(); i++) {
            if (devices.find(assigned.get(i).deviceId()).isEmpty()) {
                throw new InvalidFieldException(
                        DEVICES_FIELD + "[" + i + "]",
                        "no device " + assigned.get(i).deviceId() + " is registered");
            }
        }
        jdbc.sql("DELETE FROM movement_devices WHERE movement_id = ?").param(id).update();
        holdDevices(id, assigned, movement.reference());
        String first = movement.withDevices(assigned).deviceId();
        jdbc.sql("UPDATE movements SET device_id = ? WHERE id = ?")
                .params(first, id)
                .update();
        return transition(id, MovementState.SEALS_ASSIGNED, actor, null, reason);
    }

    @Override
    @Transactional
    public Movement cancel(long id, String reason, String actor) {
        return transition(id, MovementState.CANCELLED, actor, null, reason);
    }

    @Override
    @Transactional
    public Movement transition(long id, MovementState to, String actor, @Nullable String place, String reason) {
        Movement movement = lock(id);
        MovementState from = movement.state();
        if (!from.canMoveTo(to)) {
            throw new IllegalTransitionException(movement.reference(), from, to, null);
        }
        Instant now = clock.instant();
        Movement moved = movement.withState(to, now, actor, reason);
        jdbc.sql("""
                        UPDATE movements SET state = ?, state_since = ?, ended_at = ?, ended_by = ?, end_reason = ?
                        WHERE id = ?""")
                .params(
                        to.name(),
                        Timestamp.from(now),
                        moved.endedAt() == null ? null : Timestamp.from(moved.endedAt()),
                        moved.endedBy(),
                        moved.endReason(),
                        id)
                .update();
        if (from.holdsDevices() && !to.holdsDevices()) {
            jdbc.sql("UPDATE movement_devices SET held = FALSE WHERE movement_id = ?")
                    .param(id)
                    .update();
        }
        long transitionId = recordTransition(id, from, to, now, actor, place, reason);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("reference", movement.reference());
        details.put("from", from.name());
        details.put("to", to.name());
        if (place != null) {
            details.put("place", place);
        }
        details.put("reason", reason);
        details.put("transition", Long.toString(transitionId));
        audit.record(new AuditEvent(
                now,
                AuditEvent.user(actor),
                to == MovementState.CANCELLED ? "movement.cancelled" : "movement.transition",
                "movement",
                Long.toString(id),
                details,
                List.of()));
        AfterCommit.run(() -> {
            forget(movement);
            if (to.supervised()) {
                cache(moved);
            }
            live.publish(new LiveMessage(
                    "movement-state",
                    new StateUpdate(id, from, to, now, actor),
                    moved.traderOrganisationId(),
                    moved.transporterOrganisationId()));
            if (moved.endedAt() != null && movement.endedAt() == null) {
                live.publish(new LiveMessage(
                        "movement-ended",
                        new EndedUpdate(id, to, now, actor),
                        moved.traderOrganisationId(),
                        moved.transporterOrganisationId()));
            }
        });
        log.info("Movement {} ({}) {} -> {} by {}", id, movement.reference(), from, to, actor);
        return moved;
    }

    private long recordTransition(
            long id,
            @Nullable MovementState from,
            MovementState to,
            Instant at,
            String actor,
            @Nullable String place,
            String reason) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO movement_transitions (movement_id, from_state, to_state, happened_at, actor, place,
                            reason)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(id, from == null ? null : from.name(), to.name(), Timestamp.from(at), actor, place, reason)
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    @Override
    public List<MovementTransition> history(long id) {
        return jdbc.sql("SELECT * FROM movement_transitions WHERE movement_id = ? ORDER BY id")
                .param(id)
                .query((rs, row) -> {
                    String from = rs.getString("from_state");
                    return new MovementTransition(
                            rs.getLong("id"),
                            rs.getLong("movement_id"),
                            from == null ? null : MovementState.valueOf(from),
                            MovementState.valueOf(rs.getString("to_state")),
                            rs.getTimestamp("happened_at").toInstant(),
                            rs.getString("actor"),
                            rs.getString("place"),
                            rs.getString("reason"));
                })
                .list();
    }

    /**
     * Locks a movement's row until the caller's transaction ends, so that nothing else moves it meanwhile.
     *
     * @throws NotFoundException when there is no such movement
     */
    Movement lock(long id) {
        Movement movement = jdbc.sql("SELECT * FROM movements WHERE id = ? FOR UPDATE")
                .param(id)
                .query(this::movement)
                .optional()
                .orElseThrow(() -> new NotFoundException("no movement " + id));
        return withDevices(List.of(movement)).getFirst();
    }

    /** The movement of a declaration, if it has one. */
    Optional<Movement> ofDeclaration(long declarationId) {
        return jdbc.sql("SELECT * FROM movements WHERE declaration_id = ?")
                .param(declarationId)
                .query(this::movement)
                .optional()
                .map(movement -> withDevices(List.of(movement)).getFirst());
    }

    /** Supervised movements in these states whose time limit is before {@code now} (for the procedure's sweep). */
    List<Movement> pastTimeLimit(List<MovementState> states, Instant now) {
        return withDevices(jdbc.sql("SELECT * FROM movements WHERE state IN (:states) AND time_limit < :now")
                .param("states", states.stream().map(Enum::name).toList())
                .param("now", Timestamp.from(now))
                .query(this::movement)
                .list());
    }

    /** Movements in {@code state} since before {@code before} (for the procedure's sweep). */
    List<Movement> inStateSince(MovementState state, Instant before) {
        return withDevices(jdbc.sql("SELECT * FROM movements WHERE state = :state AND state_since < :before")
                .param("state", state.name())
                .param("before", Timestamp.from(before))
                .query(this::movement)
                .list());
    }

    /**
     * The live update when a movement's state changes ({@code movement-state}).
     *
     * @param actor who moved it
     */
    record StateUpdate(long movementId, MovementState from, MovementState to, Instant at, String actor) {}

    /**
     * The live update when a movement's supervision ends ({@code movement-ended}).
     *
     * @param endedBy who ended it
     */
    record EndedUpdate(long movementId, MovementState state, Instant endedAt, String endedBy) {}

    private void cache(Movement movement) {
        for (MovementDevice device : movement.devices()) {
            activeByDevice.put(DeviceId.of(device.deviceId()), movement);
        }
    }

    private void forget(Movement movement) {
        for (MovementDevice device : movement.devices()) {
            activeByDevice.computeIfPresent(
                    DeviceId.of(device.deviceId()), (d, active) -> active.id() == movement.id() ? null : active);
        }
    }

    @Override
    public Optional<Movement> activeFor(DeviceId deviceId) {
        return Optional.ofNullable(activeByDevice.get(deviceId));
    }

    @Override
    public Collection<Movement> active() {
        Map<Long, Movement> byId = new LinkedHashMap<>();
        for (Movement movement : activeByDevice.values()) {
            byId.putIfAbsent(movement.id(), movement);
        }
        return List.copyOf(byId.values());
    }

    /** The movement, whoever asks. */
    Optional<Movement> find(long id) {
        return jdbc.sql("SELECT * FROM movements WHERE id = ?")
                .param(id)
                .query(this::movement)
                .optional()
                .map(movement -> withDevices(List.of(movement)).getFirst());
    }

    @Override
    public Optional<Movement> findVisible(long id, CurrentUser user) {
        return find(id).filter(movement -> MovementDirectory.visible(movement, user));
    }

    @Override
    public List<Movement> listVisible(CurrentUser user) {
        List<Movement> all;
        if (user.seesAllOrganisations()) {
            all = jdbc.sql("SELECT * FROM movements ORDER BY id DESC LIMIT 1000")
                    .query(this::movement)
                    .list();
        } else {
            String column =
                    switch (user.organisationType()) {
                        case TRADER -> "trader_organisation_id";
                        case TRANSPORTER -> "transporter_organisation_id";
                        default -> null;
                    };
            if (column == null) {
                return List.of();
            }
            all = jdbc.sql("SELECT * FROM movements WHERE " + column + " = ? ORDER BY id DESC LIMIT 1000")
                    .param(user.organisationId())
                    .query(this::movement)
                    .list();
        }
        return withDevices(all);
    }

    /** The movements with their devices, read in one query. */
    private List<Movement> withDevices(List<Movement> movements) {
        if (movements.isEmpty()) {
            return movements;
        }
        Map<Long, List<MovementDevice>> byMovement = new HashMap<>();
        jdbc.sql("SELECT movement_id, device_id, role FROM movement_devices WHERE movement_id IN (:ids)"
                        + " ORDER BY movement_id, ordinal")
                .param("ids", movements.stream().map(Movement::id).toList())
                .query(rs -> {
                    byMovement
                            .computeIfAbsent(rs.getLong("movement_id"), m -> new ArrayList<>())
                            .add(new MovementDevice(
                                    rs.getString("device_id"), MovementDevice.Role.valueOf(rs.getString("role"))));
                });
        List<Movement> complete = new ArrayList<>(movements.size());
        for (Movement movement : movements) {
            complete.add(movement.withDevices(byMovement.getOrDefault(movement.id(), List.of())));
        }
        return complete;
    }

    private static List<String> supervisedStates() {
        List<String> states = new ArrayList<>();
        for (MovementState state : MovementState.values()) {
            if (state.supervised()) {
                states.add(state.name());
            }
        }
        return states;
    }

    private Movement movement(ResultSet rs, int row) throws SQLException {
        Timestamp endedAt = rs.getTimestamp("ended_at");
        Timestamp timeLimit = rs.getTimestamp("time_limit");
        double distance = rs.getDouble("estimated_distance_m");
        Double distanceMeters = rs.wasNull() ? null : distance;
        long transit = rs.getLong("estimated_transit_s");
        Long transitSeconds = rs.wasNull() ? null : transit;
        return new Movement(
                rs.getLong("id"),
                rs.getString("reference"),
                rs.getLong("trader_organisation_id"),
                rs.getObject("transporter_organisation_id", Long.class),
                List.of(),
                rs.getString("vehicle"),
                MovementState.valueOf(rs.getString("state")),
                json.readValue(rs.getString("route_plan"), RoutePlanSpec.class),
                rs.getTimestamp("created_at").toInstant(),
                endedAt == null ? null : endedAt.toInstant(),
                rs.getString("ended_by"),
                rs.getString("end_reason"),
                rs.getObject("declaration_id", Long.class),
                timeLimit == null ? null : timeLimit.toInstant(),
                rs.getString("departure_office_code"),
                rs.getString("destination_office_code"),
                distanceMeters,
                transitSeconds,
                rs.getTimestamp("state_since").toInstant());
    }

    /** The organisation a movement names must exist and be of the kind the field says; it decides who sees it. */
    private void requireOrganisation(String field, long id, OrganisationType type) {
        OrganisationType actual = organisations
                .find(id)
                .map(o -> o.type())
                .orElseThrow(() -> new InvalidFieldException(field, "no organisation " + id));
        if (actual != type) {
            throw new InvalidFieldException(field, "organisation " + id + " is a " + actual + ", not a " + type);
        }
    }

    /** Problems naming the field, for coordinates off the globe and for a geometry the monitoring cannot take. */
    static void validateRoutePlan(RoutePlanSpec plan) {
        List<FieldProblem> errors = new ArrayList<>();
        List<List<Double>> path = plan.corridor().path();
        for (int i = 0; i < path.size(); i++) {
            List<Double> point = path.get(i);
            if (!GeoPosition.isValid(point.get(0), point.get(1))) {
                errors.add(new FieldProblem(
                        "routePlan.corridor.path[" + i + "]",
                        "impossible coordinates " + point.get(0) + ", " + point.get(1)));
            }
        }
        for (int i = 0; i < plan.restrictedZones().size(); i++) {
            try {
                plan.restrictedZones().get(i).toGeofence();
            } catch (IllegalArgumentException e) {
                errors.add(new FieldProblem("routePlan.restrictedZones[" + i + "]", e.getMessage()));
            }
        }
        try {
            plan.estimate();
        } catch (IllegalArgumentException e) {
            if (errors.isEmpty()) {
                errors.add(new FieldProblem("routePlan.speedProfile", e.getMessage()));
            }
        }
        if (errors.isEmpty()) {
            try {
                plan.toRoutePlan();
            } catch (IllegalArgumentException e) {
                // the geofences' constraints are all checked above or by bean validation: what is left is the
                // centreline
                errors.add(new FieldProblem("routePlan.corridor.path", e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidFieldException(errors);
        }
    }
}
