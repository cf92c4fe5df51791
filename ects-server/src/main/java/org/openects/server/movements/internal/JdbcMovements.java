package org.openects.server.movements.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.openects.domain.DeviceId;
import org.openects.domain.GeoPosition;
import org.openects.server.audit.AuditEvent;
import org.openects.server.audit.AuditLog;
import org.openects.server.devices.DeviceRegistry;
import org.openects.server.identity.CurrentUser;
import org.openects.server.identity.OrganisationType;
import org.openects.server.identity.Organisations;
import org.openects.server.live.LiveHub;
import org.openects.server.live.LiveMessage;
import org.openects.server.movements.Movement;
import org.openects.server.movements.MovementDirectory;
import org.openects.server.movements.MovementRejectedException;
import org.openects.server.movements.MovementRequest;
import org.openects.server.movements.MovementState;
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

/** Movements on the database, with the active ones cached in memory by device for the hot path. */
@Service
class JdbcMovements implements Movements, MovementDirectory {

    private static final Logger log = LoggerFactory.getLogger(JdbcMovements.class);

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final DeviceRegistry devices;
    private final Organisations organisations;
    private final AuditLog audit;
    private final LiveHub live;
    private final Map<DeviceId, Movement> activeByDevice = new ConcurrentHashMap<>();

    JdbcMovements(
            JdbcClient jdbc,
            JsonMapper json,
            DeviceRegistry devices,
            Organisations organisations,
            AuditLog audit,
            LiveHub live) {
        this.audit = audit;
        this.live = live;
        this.jdbc = jdbc;
        this.json = json;
        this.devices = devices;
        this.organisations = organisations;
        for (Movement movement : jdbc.sql("SELECT * FROM movements WHERE state = 'ACTIVE'")
                .query(this::movement)
                .list()) {
            activeByDevice.put(DeviceId.of(movement.deviceId()), movement);
        }
        log.info("Movements: {} active", activeByDevice.size());
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
        Instant now = Instant.now();
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        try {
            jdbc.sql("""
                            INSERT INTO movements (reference, trader_organisation_id, transporter_organisation_id, device_id,
                                vehicle, state, origin_name, destination_name, route_plan, created_at, created_by)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(
                            request.reference(),
                            request.traderOrganisationId(),
                            request.transporterOrganisationId(),
                            request.deviceId(),
                            request.vehicle(),
                            MovementState.ACTIVE.name(),
                            request.routePlan().origin().name(),
                            request.routePlan().destination().name(),
                            json.writeValueAsString(request.routePlan()),
                            Timestamp.from(now),
                            actor)
                    .update(keys, "id");
        } catch (DuplicateKeyException e) {
            String cause = String.valueOf(e.getMostSpecificCause().getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (cause.contains("one_active_per_device") || cause.contains("active_device_id")) {
                // Another start for the same device committed first (the database's one-active-movement index).
                throw new MovementRejectedException(
                        "device " + request.deviceId() + " is already on an active movement");
            }
            throw new MovementRejectedException("a movement with reference " + request.reference() + " exists");
        }
        long id = keys.getKey().longValue();
        Movement movement = new Movement(
                id,
                request.reference(),
                request.traderOrganisationId(),
                request.transporterOrganisationId(),
                request.deviceId(),
                request.vehicle(),
                MovementState.ACTIVE,
                request.routePlan(),
                now,
                null,
                null,
                null);
        activeByDevice.put(deviceId, movement);
        audit.record(AuditEvent.now(
                AuditEvent.user(actor),
                "movement.started",
                "movement",
                Long.toString(id),
                Map.of("reference", request.reference(), "device", request.deviceId())));
        log.info("Movement {} ({}) started by {} with device {}", id, request.reference(), actor, deviceId);
        return movement;
    }

    @Override
    @Transactional
    public Movement cancel(long id, String reason, String actor) {
        Movement ended = end(id, MovementState.CANCELLED, reason, actor);
        audit.record(AuditEvent.now(
                AuditEvent.user(actor),
                "movement.cancelled",
                "movement",
                Long.toString(id),
                Map.of("reference", ended.reference(), "reason", reason)));
        log.info("Movement {} ({}) cancelled by {}", id, ended.reference(), actor);
        return ended;
    }

    /**
     * Locks an active movement's row until the caller's transaction ends, so that nothing else ends it meanwhile.
     *
     * @throws NotFoundException when there is no such movement
     * @throws MovementRejectedException when it is no longer active
     */
    Movement lockActive(long id) {
        Movement movement = jdbc.sql("SELECT * FROM movements WHERE id = ? FOR UPDATE")
                .param(id)
                .query(this::movement)
                .optional()
                .orElseThrow(() -> new NotFoundException("no movement " + id));
        if (movement.state() != MovementState.ACTIVE) {
            throw new MovementRejectedException("movement " + movement.reference() + " is "
                    + movement.state().name().toLowerCase(java.util.Locale.ROOT) + ", not active");
        }
        return movement;
    }

    /**
     * Ends an active movement in the caller's transaction; the in-memory index forgets it, and its subscribers get the
     * live update, once that transaction commits. The caller records the end in the audit log (completed or
     * cancelled, with who ended it and why).
     */
    Movement end(long id, MovementState state, String reason, String actor) {
        Movement movement = lockActive(id);
        Instant now = Instant.now();
        jdbc.sql("UPDATE movements SET state = ?, ended_at = ?, ended_by = ?, end_reason = ? WHERE id = ?")
                .params(state.name(), Timestamp.from(now), actor, reason, id)
                .update();
        Movement ended = new Movement(
                movement.id(),
                movement.reference(),
                movement.traderOrganisationId(),
                movement.transporterOrganisationId(),
                movement.deviceId(),
                movement.vehicle(),
                state,
                movement.routePlan(),
                movement.createdAt(),
                now,
                actor,
                reason);
        AfterCommit.run(() -> {
            activeByDevice.computeIfPresent(
                    DeviceId.of(movement.deviceId()), (device, active) -> active.id() == id ? null : active);
            live.publish(new LiveMessage(
                    "movement-ended",
                    new EndedUpdate(ended.id(), ended.state(), now, actor),
                    ended.traderOrganisationId(),
                    ended.transporterOrganisationId()));
        });
        return ended;
    }

    /**
     * The live update when a movement ends ({@code movement-ended}).
     *
     * @param endedBy who ended it
     */
    record EndedUpdate(long movementId, MovementState state, Instant endedAt, String endedBy) {}

    @Override
    public Optional<Movement> activeFor(DeviceId deviceId) {
        return Optional.ofNullable(activeByDevice.get(deviceId));
    }

    @Override
    public Collection<Movement> active() {
        return List.copyOf(activeByDevice.values());
    }

    @Override
    public Optional<Movement> findVisible(long id, CurrentUser user) {
        return jdbc.sql("SELECT * FROM movements WHERE id = ?")
                .param(id)
                .query(this::movement)
                .optional()
                .filter(movement -> MovementDirectory.visible(movement, user));
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
        return all;
    }

    private Movement movement(ResultSet rs, int row) throws SQLException {
        long transporter = rs.getLong("transporter_organisation_id");
        Long transporterId = rs.wasNull() ? null : transporter;
        Timestamp endedAt = rs.getTimestamp("ended_at");
        return new Movement(
                rs.getLong("id"),
                rs.getString("reference"),
                rs.getLong("trader_organisation_id"),
                transporterId,
                rs.getString("device_id"),
                rs.getString("vehicle"),
                MovementState.valueOf(rs.getString("state")),
                json.readValue(rs.getString("route_plan"), RoutePlanSpec.class),
                rs.getTimestamp("created_at").toInstant(),
                endedAt == null ? null : endedAt.toInstant(),
                rs.getString("ended_by"),
                rs.getString("end_reason"));
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
    private static void validateRoutePlan(RoutePlanSpec plan) {
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
        if (errors.isEmpty()) {
            try {
                plan.toRoutePlan();
            } catch (IllegalArgumentException e) {
                // the geofences' constraints are all checked by bean validation: what is left is the centreline
                errors.add(new FieldProblem("routePlan.corridor.path", e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidFieldException(errors);
        }
    }
}
