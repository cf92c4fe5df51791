package org.openects.server.commands.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.openects.codec.ProtocolDescription;
import org.openects.codec.Protocols;
import org.openects.domain.DeviceId;
import org.openects.server.audit.AuditEvent;
import org.openects.server.audit.AuditLog;
import org.openects.server.devices.Device;
import org.openects.server.devices.DeviceRegistry;
import org.openects.server.identity.CurrentUser;
import org.openects.server.live.LiveHub;
import org.openects.server.live.LiveMessage;
import org.openects.server.movements.Movement;
import org.openects.server.movements.MovementDirectory;
import org.openects.server.movements.MovementStatus;
import org.openects.server.movements.MovementStatusProvider;
import org.openects.server.movements.RoutePlanSpec;
import org.openects.server.reference.CustomsOffice;
import org.openects.server.reference.CustomsOffices;
import org.openects.server.shared.AfterCommit;
import org.openects.server.shared.ConflictException;
import org.openects.server.shared.FieldProblem;
import org.openects.server.shared.InvalidFieldException;
import org.openects.server.shared.NotFoundException;
import org.openects.server.shared.TimeOrderedIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Unlock authorisations in table {@code unlock_authorisations}: an officer authorises the unlock of a seal of a
 * supervised movement at a place, for a reason and a validity window, done remotely by the platform or at the truck;
 * under the place's office's two-person option a second, different officer confirms it. Once effective, a remote one
 * is sent as the device's {@code UNLOCK} command (its reference as the command's authorisation) and follows that
 * command to the device's answer. Every change is audited in its transaction and published live for customs.
 */
@Service
class UnlockAuthorisations {

    private static final Logger log = LoggerFactory.getLogger(UnlockAuthorisations.class);

    /** The longest validity window an officer may give. */
    static final Duration LONGEST_WINDOW = Duration.ofDays(7);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final DeviceRegistry devices;
    private final MovementDirectory movements;
    private final ObjectProvider<MovementStatusProvider> status;
    private final CustomsOffices offices;
    private final DeviceCommands commands;
    private final AuditLog audit;
    private final LiveHub live;
    private volatile Clock clock;

    UnlockAuthorisations(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            DeviceRegistry devices,
            MovementDirectory movements,
            ObjectProvider<MovementStatusProvider> status,
            CustomsOffices offices,
            DeviceCommands commands,
            AuditLog audit,
            LiveHub live,
            ObjectProvider<Clock> clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.devices = devices;
        this.movements = movements;
        this.status = status;
        this.offices = offices;
        this.commands = commands;
        this.audit = audit;
        this.live = live;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** For tests: the clock that says what "now" is. */
    void useClock(Clock clock) {
        this.clock = clock;
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * What an officer asks for.
     *
     * @param deviceId the seal
     * @param movementId the movement it is on (optional; checked when given)
     * @param placeKind {@code OFFICE}, {@code ORIGIN}, {@code DESTINATION} or {@code STOP}
     * @param officeCode for {@code OFFICE}: the customs office's code
     * @param stopName for {@code STOP}: the name of an authorised stop of the movement's route plan
     * @param method {@code REMOTE} or {@code AT_TRUCK}
     * @param reason why
     * @param validFrom from when (now when absent)
     * @param validUntil until when
     */
    record Request(
            @Nullable String deviceId,
            @Nullable Long movementId,
            @Nullable String placeKind,
            @Nullable String officeCode,
            @Nullable String method,
            @Nullable String reason,
            @Nullable Instant validFrom,
            @Nullable Instant validUntil,
            @Nullable String stopName) {}

    /**
     * Authorises an unlock. Effective at once unless the place's office has the two-person option; a remote one is
     * then sent.
     *
     * @throws InvalidFieldException naming the field and the rule; nothing is stored then
     * @throws ConflictException when a remote unlock's device was last seen outside the place (or never)
     */
    UnlockAuthorisation authorise(Request request, CurrentUser officer) {
        Instant now = now();
        List<FieldProblem> problems = new ArrayList<>();
        Device device = null;
        Movement movement = null;
        String deviceId = request.deviceId() == null ? "" : request.deviceId().strip();
        if (deviceId.isEmpty()) {
            problems.add(new FieldProblem("deviceId", "is required"));
        } else {
            device = devices.find(deviceId).orElse(null);
            if (device == null) {
                problems.add(new FieldProblem("deviceId", "names no registered device"));
            } else if (DeviceId.isValid(deviceId)) {
                movement = movements.activeFor(DeviceId.of(deviceId)).orElse(null);
                if (movement == null) {
                    problems.add(new FieldProblem(
                            "deviceId", "device " + deviceId + " is on no supervised (active) movement"));
                } else if (request.movementId() != null && request.movementId() != movement.id()) {
                    problems.add(new FieldProblem(
                            "movementId",
                            "device " + deviceId + " is not on movement " + request.movementId()
                                    + " (it is on movement " + movement.id() + ")"));
                }
            }
        }
        UnlockAuthorisation.Method method =
                parse(UnlockAuthorisation.Method.class, request.method(), "method", problems);
        if (method == UnlockAuthorisation.Method.REMOTE && device != null && !takesRemoteUnlock(device)) {
            problems.add(new FieldProblem(
                    "method",
                    "REMOTE is not possible: device " + device.deviceId() + " speaks " + device.protocol()
                            + ", for which the platform sends no unlock command; authorise AT_TRUCK"));
        }
        String reason = request.reason() == null ? "" : request.reason().strip();
        if (reason.isEmpty()) {
            problems.add(new FieldProblem("reason", "is required"));
        } else if (reason.length() > 500) {
            problems.add(new FieldProblem("reason", "is at most 500 characters"));
        }
        Instant from = request.validFrom() == null ? now : request.validFrom().truncatedTo(ChronoUnit.SECONDS);
        Instant until =
                request.validUntil() == null ? null : request.validUntil().truncatedTo(ChronoUnit.SECONDS);
        if (until == null) {
            problems.add(new FieldProblem("validUntil", "is required"));
        } else if (!until.isAfter(now)) {
            problems.add(new FieldProblem("validUntil", "has passed: the authorisation would be expired already"));
        } else if (!until.isAfter(from)) {
            problems.add(new FieldProblem("validUntil", "must be after validFrom"));
        } else if (Duration.between(from, until).compareTo(LONGEST_WINDOW) > 0) {
            problems.add(new FieldProblem("validUntil", "is at most 7 days after validFrom"));
        }
        UnlockPlace place = null;
        boolean twoPerson = false;
        String kind =
                request.placeKind() == null ? "" : request.placeKind().strip().toUpperCase(Locale.ROOT);
        switch (kind) {
            case "OFFICE" -> {
                String code =
                        request.officeCode() == null ? "" : request.officeCode().strip();
                CustomsOffice office =
                        code.isEmpty() ? null : offices.find(code).orElse(null);
                if (code.isEmpty()) {
                    problems.add(new FieldProblem("officeCode", "is required for placeKind OFFICE"));
                } else if (office == null) {
                    problems.add(new FieldProblem("officeCode", "names no customs office of the reference data"));
                } else {
                    place = new UnlockPlace.Office(
                            office.code(), office.name(), office.latitude(), office.longitude(), office.radiusMeters());
                    twoPerson = office.twoPersonUnlock();
                }
            }
            case "STOP" -> {
                if (request.officeCode() != null) {
                    problems.add(new FieldProblem("officeCode", "is only for placeKind OFFICE"));
                }
                String name =
                        request.stopName() == null ? "" : request.stopName().strip();
                if (name.isEmpty()) {
                    problems.add(new FieldProblem("stopName", "is required for placeKind STOP"));
                } else if (movement != null) {
                    RoutePlanSpec.StopSpec stop = movement.routePlan().authorisedStops().stream()
                            .filter(candidate -> candidate.name().equalsIgnoreCase(name))
                            .findFirst()
                            .orElse(null);
                    if (stop == null) {
                        problems.add(new FieldProblem(
                                "stopName",
                                "names no authorised stop of movement " + movement.reference() + "'s route plan"));
                    } else {
                        place = new UnlockPlace.PlanEnd(
                                kind, stop.name(), stop.latitude(), stop.longitude(), stop.radiusMeters());
                    }
                }
            }
            case "ORIGIN", "DESTINATION" -> {
                if (request.officeCode() != null) {
                    problems.add(new FieldProblem("officeCode", "is only for placeKind OFFICE"));
                }
                if (movement != null) {
                    RoutePlanSpec.GeofenceSpec end = kind.equals("ORIGIN")
                            ? movement.routePlan().origin()
                            : movement.routePlan().destination();
                    place = new UnlockPlace.PlanEnd(
                            kind, end.name(), end.latitude(), end.longitude(), end.radiusMeters());
                }
            }
            case "" -> problems.add(new FieldProblem("placeKind", "is required: OFFICE, ORIGIN, DESTINATION or STOP"));
            default -> problems.add(new FieldProblem("placeKind", "must be OFFICE, ORIGIN, DESTINATION or STOP"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidFieldException(problems);
        }
        if (movement == null || place == null || method == null || until == null) {
            throw new IllegalStateException("checked above");
        }
        if (!twoPerson && method == UnlockAuthorisation.Method.REMOTE) {
            checkWhereTheDeviceIs(movement, place);
        }
        long id = TimeOrderedIds.next();
        String reference = "UA-" + id;
        UnlockAuthorisation.State state =
                twoPerson ? UnlockAuthorisation.State.AWAITING_CONFIRMATION : UnlockAuthorisation.State.EFFECTIVE;
        Movement onMovement = movement;
        UnlockPlace at = place;
        boolean needsSecond = twoPerson;
        UnlockAuthorisation.Method how = method;
        Instant end = until;
        UnlockAuthorisation stored = transactions.execute(tx -> {
            jdbc.sql("""
                            INSERT INTO unlock_authorisations (id, reference, device_id, movement_id, movement_reference,
                                place_kind, place_code, place_name, place_latitude, place_longitude, place_radius_meters,
                                method, reason, valid_from, valid_until, two_person, state, authorised_by, authorised_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(
                            id,
                            reference,
                            deviceId,
                            onMovement.id(),
                            onMovement.reference(),
                            at.kind(),
                            at.code(),
                            at.name(),
                            at.latitude(),
                            at.longitude(),
                            at.radiusMeters(),
                            how.name(),
                            reason,
                            Timestamp.from(from),
                            Timestamp.from(end),
                            needsSecond,
                            state.name(),
                            officer.username(),
                            Timestamp.from(now))
                    .update();
            UnlockAuthorisation created = read(id).orElseThrow();
            audit(officer.username(), "unlock.authorised", created, Map.of());
            publishAfterCommit(created);
            return created;
        });
        if (stored == null) {
            throw new IllegalStateException("not stored");
        }
        log.info(
                "Unlock {} of device {} at {} authorised by {} ({}, {})",
                reference,
                deviceId,
                place.label(),
                officer.username(),
                method,
                state);
        return stored.state() == UnlockAuthorisation.State.EFFECTIVE
                        && stored.method() == UnlockAuthorisation.Method.REMOTE
                ? send(stored, officer.username())
                : stored;
    }

    /**
     * A second officer confirms an authorisation that awaits confirmation: it becomes effective, and a remote one is
     * sent.
     *
     * @throws ConflictException under the two-person rule (the same officer), or when it is not awaiting
     *     confirmation, or expired
     */
    UnlockAuthorisation confirm(long id, CurrentUser officer) {
        Instant now = now();
        UnlockAuthorisation before = read(id).orElseThrow(() -> notFound(id));
        if (before.state() != UnlockAuthorisation.State.AWAITING_CONFIRMATION) {
            throw new ConflictException("unlock authorisation " + before.reference() + " is " + before.state()
                    + ": only one AWAITING_CONFIRMATION is confirmed");
        }
        if (before.authorisedBy().equals(officer.username())) {
            throw new ConflictException("two-person rule: unlock authorisation " + before.reference()
                    + " at an office with the two-person option must be confirmed by a second officer, not by "
                    + officer.username() + ", who authorised it");
        }
        if (!now.isBefore(before.validUntil())) {
            throw new ConflictException("unlock authorisation " + before.reference() + " expired at "
                    + before.validUntil() + ": it can no longer be confirmed; authorise a new one");
        }
        if (before.method() == UnlockAuthorisation.Method.REMOTE) {
            Movement movement = movements
                    .activeFor(DeviceId.of(before.deviceId()))
                    .filter(m -> m.id() == before.movementId())
                    .orElseThrow(() -> new ConflictException(
                            "device " + before.deviceId() + " is no longer on movement " + before.movementReference()));
            checkWhereTheDeviceIs(movement, before.place());
        }
        UnlockAuthorisation confirmed = transactions.execute(tx -> {
            int changed = jdbc.sql("""
                            UPDATE unlock_authorisations SET state = 'EFFECTIVE', confirmed_by = ?, confirmed_at = ?
                            WHERE id = ? AND state = 'AWAITING_CONFIRMATION'""")
                    .params(officer.username(), Timestamp.from(now), id)
                    .update();
            if (changed != 1) {
                throw new ConflictException("unlock authorisation " + before.reference() + " changed meanwhile");
            }
            UnlockAuthorisation after = read(id).orElseThrow();
            audit(officer.username(), "unlock.confirmed", after, Map.of());
            publishAfterCommit(after);
            return after;
        });
        if (confirmed == null) {
            throw new IllegalStateException("not stored");
        }
        return confirmed.method() == UnlockAuthorisation.Method.REMOTE
                ? send(confirmed, officer.username())
                : confirmed;
    }

    /**
     * Revokes an authorisation not yet used: awaiting confirmation or effective.
     *
     * @throws ConflictException in any other state (a sent unlock cannot be called back)
     */
    UnlockAuthorisation revoke(long id, @Nullable String why, CurrentUser officer) {
        Instant now = now();
        UnlockAuthorisation revoked = transactions.execute(tx -> {
            UnlockAuthorisation before = read(id).orElseThrow(() -> notFound(id));
            int changed = jdbc.sql("""
                            UPDATE unlock_authorisations SET state = 'REVOKED', revoked_by = ?, revoked_at = ?,
                                detail = ?
                            WHERE id = ? AND state IN ('AWAITING_CONFIRMATION', 'EFFECTIVE')""")
                    .params(officer.username(), Timestamp.from(now), why == null ? null : limit(why.strip()), id)
                    .update();
            if (changed != 1) {
                throw new ConflictException("unlock authorisation " + before.reference() + " is " + before.state()
                        + ": only one AWAITING_CONFIRMATION or EFFECTIVE is revoked (a sent unlock cannot be called"
                        + " back)");
            }
            UnlockAuthorisation after = read(id).orElseThrow();
            audit(officer.username(), "unlock.revoked", after, why == null ? Map.of() : Map.of("why", why.strip()));
            publishAfterCommit(after);
            return after;
        });
        if (revoked == null) {
            throw new IllegalStateException("not stored");
        }
        return revoked;
    }

    /**
     * The raw {@code UNLOCK} of the commands endpoint for a device on a supervised movement: {@code reference} must
     * name an effective, remote, unexpired authorisation of that device not sent yet, which it then sends.
     *
     * @throws ConflictException naming the rule otherwise
     */
    Command sendThroughCommandsEndpoint(String deviceId, String reference, CurrentUser officer) {
        UnlockAuthorisation authorisation = jdbc.sql("SELECT * FROM unlock_authorisations WHERE reference = ?")
                .param(reference)
                .query((rs, n) -> row(rs))
                .optional()
                .orElseThrow(() -> new ConflictException("UNLOCK refused: device " + deviceId
                        + " is on a supervised movement, so an unlock needs an effective unlock authorisation"
                        + " (POST /api/v1/unlock-authorisations) whose reference is the command's authorisation; "
                        + reference + " is none"));
        if (!authorisation.deviceId().equals(deviceId)) {
            throw new ConflictException("UNLOCK refused: unlock authorisation " + reference + " is for device "
                    + authorisation.deviceId() + ", not " + deviceId);
        }
        if (authorisation.method() != UnlockAuthorisation.Method.REMOTE
                || authorisation.state() != UnlockAuthorisation.State.EFFECTIVE
                || !now().isBefore(authorisation.validUntil())) {
            throw new ConflictException("UNLOCK refused: unlock authorisation " + reference + " is "
                    + authorisation.method() + " and " + authorisation.state() + ", valid until "
                    + authorisation.validUntil() + "; only an EFFECTIVE REMOTE one within its window is sent");
        }
        UnlockAuthorisation sent = send(authorisation, officer.username());
        Long counter = sent.commandCounter();
        if (counter == null) {
            throw new ConflictException("UNLOCK of " + reference + " was not issued: " + sent.detail());
        }
        return commands.find(deviceId, counter).orElseThrow();
    }

    /** Issues the device command of an effective remote authorisation and notes it: SENT, or FAILED if not issued. */
    private UnlockAuthorisation send(UnlockAuthorisation authorisation, String officer) {
        Instant now = now();
        long minutes = Math.max(
                1,
                Math.min(
                        65_535,
                        Duration.between(now, authorisation.validUntil()).toMinutes()));
        try {
            Command command = commands.issue(new DeviceCommands.Order(
                    authorisation.deviceId(),
                    CommandOp.UNLOCK,
                    null,
                    authorisation.reference(),
                    Duration.ofMinutes(minutes),
                    officer,
                    "unlock authorisation " + authorisation.reference() + " at "
                            + authorisation.place().label()));
            return transactions.execute(tx -> {
                jdbc.sql("""
                                UPDATE unlock_authorisations SET state = 'SENT', command_counter = ?
                                WHERE id = ? AND state = 'EFFECTIVE'""").params(command.counter(), authorisation.id()).update();
                UnlockAuthorisation after = read(authorisation.id()).orElseThrow();
                audit(
                        AuditEvent.system("commands"),
                        "unlock.sent",
                        after,
                        Map.of("counter", Long.toString(command.counter())));
                publishAfterCommit(after);
                return after;
            });
        } catch (RuntimeException e) {
            log.warn(
                    "Unlock {} of device {} not issued: {}",
                    authorisation.reference(),
                    authorisation.deviceId(),
                    e.getMessage());
            return finish(authorisation.id(), UnlockAuthorisation.State.FAILED, null, "not issued: " + e.getMessage());
        }
    }

    /**
     * A command's progress: the answer (or the timeout) of an unlock command that carries an authorisation moves it to
     * {@code EXECUTED} (done) or {@code FAILED} (anything else).
     */
    @EventListener
    void onCommandAnswered(DeviceCommands.CommandAnswered answered) {
        if (answered.op() != CommandOp.UNLOCK || answered.authorisation() == null) {
            return;
        }
        jdbc.sql("SELECT id FROM unlock_authorisations WHERE reference = ? AND device_id = ? AND command_counter = ?")
                .params(answered.authorisation(), answered.deviceId(), answered.counter())
                .query(Long.class)
                .optional()
                .ifPresent(id -> finish(
                        id,
                        answered.status() == CommandStatus.DONE
                                ? UnlockAuthorisation.State.EXECUTED
                                : UnlockAuthorisation.State.FAILED,
                        answered.status().name(),
                        "the device's answer: " + answered.status()));
    }

    private UnlockAuthorisation finish(
            long id, UnlockAuthorisation.State state, @Nullable String ackStatus, String detail) {
        UnlockAuthorisation done = transactions.execute(tx -> {
            jdbc.sql("""
                            UPDATE unlock_authorisations SET state = ?, ack_status = ?, detail = ?
                            WHERE id = ? AND state IN ('EFFECTIVE', 'SENT')""").params(state.name(), ackStatus, limit(detail), id).update();
            UnlockAuthorisation after = read(id).orElseThrow();
            audit(
                    AuditEvent.system("commands"),
                    "unlock." + state.name().toLowerCase(Locale.ROOT),
                    after,
                    ackStatus == null ? Map.of("detail", detail) : Map.of("ackStatus", ackStatus));
            publishAfterCommit(after);
            return after;
        });
        if (done == null) {
            throw new IllegalStateException("not stored");
        }
        return done;
    }

    /** The device must be inside the place by its latest position (memory) for a remote unlock to go out. */
    private void checkWhereTheDeviceIs(Movement movement, UnlockPlace place) {
        MovementStatusProvider provider = status.getIfAvailable();
        MovementStatus live = provider == null ? MovementStatus.NONE : provider.statusOf(movement.id());
        Double lat = live.latitude();
        Double lon = live.longitude();
        if (lat == null || lon == null) {
            throw new ConflictException("REMOTE unlock refused: device " + movement.deviceId() + " of movement "
                    + movement.reference() + " has reported no position yet, so it cannot be placed at "
                    + place.label() + "; a remote unlock is sent only to a device inside the authorised place");
        }
        if (!place.contains(lat, lon)) {
            throw new ConflictException(String.format(
                    Locale.ROOT,
                    "REMOTE unlock refused: device %s of movement %s was last at %.5f, %.5f, %,.1f km from %s"
                            + " (%,.0f m radius); a remote unlock is sent only to a device inside the authorised"
                            + " place",
                    movement.deviceId(),
                    movement.reference(),
                    lat,
                    lon,
                    place.distanceMeters(lat, lon) / 1000,
                    place.label(),
                    place.radiusMeters()));
        }
    }

    Optional<UnlockAuthorisation> read(long id) {
        return jdbc.sql("SELECT * FROM unlock_authorisations WHERE id = ?")
                .param(id)
                .query((rs, n) -> row(rs))
                .optional();
    }

    /** The authorisations, newest first, of a movement and/or a device when given (at most 500). */
    List<UnlockAuthorisation> list(@Nullable Long movementId, @Nullable String deviceId) {
        StringBuilder sql = new StringBuilder("SELECT * FROM unlock_authorisations WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (movementId != null) {
            sql.append(" AND movement_id = ?");
            params.add(movementId);
        }
        if (deviceId != null) {
            sql.append(" AND device_id = ?");
            params.add(deviceId);
        }
        sql.append(" ORDER BY id DESC LIMIT 500");
        return jdbc.sql(sql.toString()).params(params).query((rs, n) -> row(rs)).list();
    }

    /** The authorisations of the device that are effective, sent or executed and not expired before {@code at}. */
    List<UnlockAuthorisation> usableFor(String deviceId, Instant at) {
        return jdbc.sql("""
                        SELECT * FROM unlock_authorisations WHERE device_id = ? AND valid_until >= ?
                            AND state IN ('EFFECTIVE', 'SENT', 'EXECUTED') ORDER BY id""")
                .params(deviceId, Timestamp.from(at))
                .query((rs, n) -> row(rs))
                .list();
    }

    /** Marks an authorisation used by a reported unlock (in the caller's transaction), audited. */
    void markUsed(UnlockAuthorisation authorisation, Instant deviceTime, String detail) {
        jdbc.sql("UPDATE unlock_authorisations SET state = ?, used_at = ?, detail = ? WHERE id = ?")
                .params(
                        authorisation.method() == UnlockAuthorisation.Method.AT_TRUCK
                                ? UnlockAuthorisation.State.USED.name()
                                : authorisation.state().name(),
                        Timestamp.from(deviceTime),
                        limit(detail),
                        authorisation.id())
                .update();
        UnlockAuthorisation after = read(authorisation.id()).orElseThrow();
        audit(AuditEvent.system("commands"), "unlock.used", after, Map.of("deviceTime", deviceTime.toString()));
        publishAfterCommit(after);
    }

    private static boolean takesRemoteUnlock(Device device) {
        ProtocolDescription.Commands takes = Protocols.description(device.protocol())
                .map(ProtocolDescription::commands)
                .orElse(ProtocolDescription.Commands.NONE);
        return takes == ProtocolDescription.Commands.SIGNED_NATIVE
                || takes == ProtocolDescription.Commands.IRIDIUM_MT
                // JT/T 808: the 2013 door unlock 0x8500, to terminals with 2013 headers (12-digit ids) only
                || (takes == ProtocolDescription.Commands.JT808_PLATFORM
                        && device.deviceId().length() == 12);
    }

    private void audit(String actor, String action, UnlockAuthorisation a, Map<String, String> more) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("reference", a.reference());
        details.put("device", a.deviceId());
        details.put("movement", a.movementReference());
        details.put("place", a.place().label());
        details.put("method", a.method().name());
        details.put("reason", a.reason());
        details.put("validFrom", a.validFrom().toString());
        details.put("validUntil", a.validUntil().toString());
        details.put("state", a.state().name());
        details.put("twoPerson", Boolean.toString(a.twoPerson()));
        details.putAll(more);
        audit.record(AuditEvent.now(
                actor.contains(":") ? actor : AuditEvent.user(actor),
                action,
                "unlock-authorisation",
                a.reference(),
                details));
    }

    private void publishAfterCommit(UnlockAuthorisation a) {
        AfterCommit.run(() -> live.publish(LiveMessage.forCustoms("unlock-authorisation", a)));
    }

    private static NotFoundException notFound(long id) {
        return new NotFoundException("no unlock authorisation " + id);
    }

    private static String limit(String text) {
        return text.length() <= 1000 ? text : text.substring(0, 1000);
    }

    private static <E extends Enum<E>> @Nullable E parse(
            Class<E> type, @Nullable String value, String field, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            problems.add(new FieldProblem(field, "is required: REMOTE or AT_TRUCK"));
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem(field, "must be REMOTE or AT_TRUCK"));
            return null;
        }
    }

    private static UnlockAuthorisation row(ResultSet rs) throws SQLException {
        long counter = rs.getLong("command_counter");
        Long commandCounter = rs.wasNull() ? null : counter;
        return new UnlockAuthorisation(
                rs.getLong("id"),
                rs.getString("reference"),
                rs.getString("device_id"),
                rs.getLong("movement_id"),
                rs.getString("movement_reference"),
                UnlockPlace.of(
                        rs.getString("place_kind"),
                        rs.getString("place_code"),
                        rs.getString("place_name"),
                        rs.getDouble("place_latitude"),
                        rs.getDouble("place_longitude"),
                        rs.getDouble("place_radius_meters")),
                UnlockAuthorisation.Method.valueOf(rs.getString("method")),
                rs.getString("reason"),
                instant(rs, "valid_from"),
                instant(rs, "valid_until"),
                rs.getBoolean("two_person"),
                UnlockAuthorisation.State.valueOf(rs.getString("state")),
                rs.getString("authorised_by"),
                instant(rs, "authorised_at"),
                rs.getString("confirmed_by"),
                instant(rs, "confirmed_at"),
                rs.getString("revoked_by"),
                instant(rs, "revoked_at"),
                commandCounter,
                rs.getString("ack_status"),
                instant(rs, "used_at"),
                rs.getString("detail"));
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
