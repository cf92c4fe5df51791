package org.openects.server.movements.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.openects.evidence.Hash;
import org.openects.evidence.entry.Attachment;
import org.openects.server.audit.AuditEvent;
import org.openects.server.audit.AuditLog;
import org.openects.server.identity.CurrentUser;
import org.openects.server.live.LiveHub;
import org.openects.server.live.LiveMessage;
import org.openects.server.movements.IllegalTransitionException;
import org.openects.server.movements.Movement;
import org.openects.server.movements.MovementRejectedException;
import org.openects.server.movements.MovementState;
import org.openects.server.shared.AfterCommit;
import org.openects.server.shared.FieldProblem;
import org.openects.server.shared.InvalidFieldException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A movement's chain of custody on the database: the steps officers record, with their photos. Each step commits with
 * its audit entry (the photos attached by digest) and the movement's transition where the step makes one.
 */
@Service
class CustodyChain {

    private static final Logger log = LoggerFactory.getLogger(CustodyChain.class);

    /** The most photos one step takes. */
    static final int MAX_PHOTOS = 6;

    /** The most seals one step lists. */
    static final int MAX_SEALS = 20;

    private static final TypeReference<List<CustodyStep.SealCheck>> SEALS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final JdbcMovements movements;
    private final AuditLog audit;
    private final LiveHub live;

    CustodyChain(JdbcClient jdbc, JsonMapper json, JdbcMovements movements, AuditLog audit, LiveHub live) {
        this.live = live;
        this.jdbc = jdbc;
        this.json = json;
        this.movements = movements;
        this.audit = audit;
    }

    /**
     * What an officer records.
     *
     * @param kind what the step is
     * @param place where
     * @param fromParty who hands the goods over (handover)
     * @param toParty who takes them (handover; required there)
     * @param seals the seals checked
     * @param note free text
     */
    record Draft(
            CustodyStep.Kind kind,
            String place,
            @Nullable String fromParty,
            @Nullable String toParty,
            List<CustodyStep.SealCheck> seals,
            @Nullable String note) {}

    /**
     * Records a step on a movement that holds its seals (from {@code SEALS_ASSIGNED} until they are removed), and
     * moves the movement on where the step is the lifecycle's evidence: {@code ARMED} in {@code SEALS_ASSIGNED} →
     * {@code ARMED}; {@code VERIFIED} in {@code ARRIVED} → {@code SEALS_VERIFIED}; {@code RELEASED} (seals removed) in
     * {@code DISARMED} → {@code REMOVED}. Any other step changes no state. On a movement started directly (already
     * {@code IN_TRANSIT}) an {@code ARMED} step is recorded once, as its first step, without a change of state.
     *
     * @throws InvalidFieldException when the draft breaks a rule (problem names the field)
     * @throws MovementRejectedException when the movement does not hold its seals, or is armed a second time
     * @throws IllegalTransitionException when the step's state change is not allowed from the movement's state
     */
    @Transactional
    CustodyStep record(long movementId, Draft draft, List<PhotoIntake.Photo> photos, CurrentUser officer) {
        validate(draft, photos);
        Movement movement = movements.lock(movementId);
        requireHeld(movement);
        MovementState next = stateAfter(draft.kind(), movement);
        if (draft.kind() == CustodyStep.Kind.ARMED && next == null) {
            long earlier = jdbc.sql("SELECT COUNT(*) FROM custody_steps WHERE movement_id = ?")
                    .param(movementId)
                    .query(Long.class)
                    .single();
            if (earlier > 0) {
                throw new MovementRejectedException("movement " + movement.reference() + " already has " + earlier
                        + " custody step(s): seals are armed once, at departure; record a VERIFIED step (a seal put"
                        + " on later is REPLACED)");
            }
        }
        Instant now = movements.clock().instant();
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO custody_steps (movement_id, kind, recorded_at, recorded_by, organisation_id, place,
                            from_party, to_party, seals, note)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        movementId,
                        draft.kind().name(),
                        Timestamp.from(now),
                        officer.username(),
                        officer.organisationId(),
                        draft.place().strip(),
                        blankToNull(draft.fromParty()),
                        blankToNull(draft.toParty()),
                        json.writeValueAsString(draft.seals()),
                        blankToNull(draft.note()))
                .update(keys, "id");
        long id = keys.getKey().longValue();
        List<CustodyStep.PhotoInfo> infos = new ArrayList<>();
        for (int i = 0; i < photos.size(); i++) {
            PhotoIntake.Photo photo = photos.get(i);
            jdbc.sql("""
                            INSERT INTO custody_photos (step_id, ordinal, movement_id, sha256, content_type, size_bytes,
                                width, height, image, thumbnail)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(
                            id,
                            i,
                            movementId,
                            photo.sha256(),
                            photo.contentType(),
                            photo.image().length,
                            photo.width(),
                            photo.height(),
                            photo.image(),
                            photo.thumbnail())
                    .update();
            infos.add(new CustodyStep.PhotoInfo(
                    photo.sha256(), photo.contentType(), photo.image().length, photo.width(), photo.height()));
        }
        CustodyStep step = new CustodyStep(
                id,
                movementId,
                draft.kind(),
                now,
                officer.username(),
                officer.organisationId(),
                draft.place().strip(),
                blankToNull(draft.fromParty()),
                blankToNull(draft.toParty()),
                draft.seals(),
                blankToNull(draft.note()),
                infos);
        audit.record(new AuditEvent(
                now,
                AuditEvent.user(officer.username()),
                draft.kind().action(),
                "movement",
                Long.toString(movementId),
                details(step, movement),
                photos.stream()
                        .map(photo -> new Attachment("photo", Hash.ofHex(photo.sha256())))
                        .toList()));
        if (next != null) {
            movements.transition(
                    movementId,
                    next,
                    officer.username(),
                    step.place(),
                    draft.kind().name().toLowerCase(java.util.Locale.ROOT) + " at " + step.place() + " (custody step "
                            + id + ")");
        }
        AfterCommit.run(() -> live.publish(new LiveMessage(
                "custody",
                new StepUpdate(movementId, id, draft.kind()),
                movement.traderOrganisationId(),
                movement.transporterOrganisationId())));
        log.info(
                "Custody step {} ({}) on movement {} recorded by {} with {} photo(s)",
                id,
                draft.kind(),
                movement.reference(),
                officer.username(),
                photos.size());
        return step;
    }

    /**
     * The state a step moves the movement to, or {@code null} for none.
     *
     * @throws IllegalTransitionException for an ARMED step before the seals are assigned, or a RELEASED step before
     *     the seals are disarmed
     */
    static @Nullable MovementState stateAfter(CustodyStep.Kind kind, Movement movement) {
        MovementState state = movement.state();
        return switch (kind) {
            case ARMED -> {
                if (state == MovementState.SEALS_ASSIGNED) {
                    yield MovementState.ARMED;
                }
                if (state == MovementState.IN_TRANSIT) {
                    yield null; // started directly, or armed already: record() allows it as the first step only
                }
                throw new IllegalTransitionException(movement.reference(), state, MovementState.ARMED, null);
            }
            case VERIFIED -> state == MovementState.ARRIVED ? MovementState.SEALS_VERIFIED : null;
            case HANDOVER -> null;
            case RELEASED -> {
                if (state != MovementState.DISARMED) {
                    throw new IllegalTransitionException(movement.reference(), state, MovementState.REMOVED, null);
                }
                yield MovementState.REMOVED;
            }
            case UNLOCKED -> state == MovementState.SEALS_VERIFIED ? MovementState.DISARMED : null;
        };
    }

    /**
     * Custody steps are recorded while the movement holds its seals ({@link MovementState#holdsDevices()}).
     *
     * @throws MovementRejectedException otherwise
     */
    static void requireHeld(Movement movement) {
        if (!movement.state().holdsDevices()) {
            throw new MovementRejectedException(
                    "movement " + movement.reference() + " is " + movement.state()
                            + ": custody steps are recorded from SEALS_ASSIGNED until the seals are removed",
                    Map.of("currentState", movement.state().name()));
        }
    }

    /** A movement's steps in the order they were recorded (two queries). */
    List<CustodyStep> stepsOf(long movementId) {
        Map<Long, List<CustodyStep.PhotoInfo>> photos = new HashMap<>();
        jdbc.sql("""
                        SELECT step_id, sha256, content_type, size_bytes, width, height FROM custody_photos
                        WHERE movement_id = ? ORDER BY step_id, ordinal""").param(movementId).query(rs -> {
            photos.computeIfAbsent(rs.getLong("step_id"), step -> new ArrayList<>())
                    .add(new CustodyStep.PhotoInfo(
                            rs.getString("sha256"),
                            rs.getString("content_type"),
                            rs.getInt("size_bytes"),
                            rs.getInt("width"),
                            rs.getInt("height")));
        });
        return jdbc.sql("SELECT * FROM custody_steps WHERE movement_id = ? ORDER BY id")
                .param(movementId)
                .query((rs, row) -> step(rs, photos.getOrDefault(rs.getLong("id"), List.of())))
                .list();
    }

    /**
     * A photo's bytes or thumbnail.
     *
     * @return content type and bytes; empty when the movement has no photo with that digest
     */
    Optional<StoredImage> photo(long movementId, String sha256, boolean thumbnail) {
        String column = thumbnail ? "thumbnail" : "image";
        return jdbc
                .sql("SELECT content_type, " + column + " FROM custody_photos WHERE movement_id = ? AND sha256 = ?"
                        + " ORDER BY step_id, ordinal")
                .params(movementId, sha256)
                .query((rs, row) ->
                        new StoredImage(thumbnail ? "image/jpeg" : rs.getString("content_type"), rs.getBytes(column)))
                .list()
                .stream()
                .findFirst();
    }

    /** The thumbnails of a movement's photos by digest (for its report). */
    Map<String, byte[]> thumbnailsOf(long movementId) {
        Map<String, byte[]> thumbnails = new LinkedHashMap<>();
        jdbc.sql("SELECT sha256, thumbnail FROM custody_photos WHERE movement_id = ? ORDER BY step_id, ordinal")
                .param(movementId)
                .query(rs -> {
                    thumbnails.putIfAbsent(rs.getString("sha256"), rs.getBytes("thumbnail"));
                });
        return thumbnails;
    }

    /**
     * The live update when a custody step is recorded ({@code custody}); clients fetch the chain again.
     *
     * @param stepId the new step's number
     */
    record StepUpdate(long movementId, long stepId, CustodyStep.Kind kind) {}

    /** Image bytes and their media type. */
    record StoredImage(String contentType, byte[] bytes) {}

    private CustodyStep step(ResultSet rs, List<CustodyStep.PhotoInfo> photos) throws SQLException {
        long organisation = rs.getLong("organisation_id");
        Long organisationId = rs.wasNull() ? null : organisation;
        return new CustodyStep(
                rs.getLong("id"),
                rs.getLong("movement_id"),
                CustodyStep.Kind.valueOf(rs.getString("kind")),
                rs.getTimestamp("recorded_at").toInstant(),
                rs.getString("recorded_by"),
                organisationId,
                rs.getString("place"),
                rs.getString("from_party"),
                rs.getString("to_party"),
                json.readValue(rs.getString("seals"), SEALS),
                rs.getString("note"),
                photos);
    }

    /** The audit entry's details: every fact of the step, as text. */
    private static Map<String, String> details(CustodyStep step, Movement movement) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("step", Long.toString(step.id()));
        details.put("reference", movement.reference());
        details.put("place", step.place());
        details.put("seals", seals(step.seals()));
        if (step.organisationId() != null) {
            details.put("organisation", Long.toString(step.organisationId()));
        }
        if (step.fromParty() != null) {
            details.put("from", step.fromParty());
        }
        if (step.toParty() != null) {
            details.put("to", step.toParty());
        }
        if (step.note() != null) {
            details.put("note", step.note());
        }
        return details;
    }

    /** Seals as one line: {@code KE-0001 INTACT, KE-0002 BROKEN}. */
    static String seals(List<CustodyStep.SealCheck> seals) {
        return seals.stream().map(seal -> seal.number() + " " + seal.state()).collect(Collectors.joining(", "));
    }

    private static void validate(Draft draft, List<PhotoIntake.Photo> photos) {
        List<FieldProblem> problems = new ArrayList<>();
        if (draft.kind() == CustodyStep.Kind.UNLOCKED) {
            problems.add(new FieldProblem(
                    "kind",
                    "UNLOCKED steps are recorded by the platform from an unlock authorisation and the device's report;"
                            + " officers record ARMED, VERIFIED, HANDOVER or RELEASED"));
        }
        if (draft.kind() == CustodyStep.Kind.HANDOVER && blankToNull(draft.toParty()) == null) {
            problems.add(new FieldProblem("toParty", "a handover names the party that takes custody"));
        }
        if (draft.seals().size() > MAX_SEALS) {
            problems.add(new FieldProblem("seals", "at most " + MAX_SEALS + " seals per step"));
        }
        java.util.Set<String> numbers = new java.util.HashSet<>();
        for (int i = 0; i < draft.seals().size(); i++) {
            if (!numbers.add(draft.seals().get(i).number().strip())) {
                problems.add(new FieldProblem(
                        "seals[" + i + "].number",
                        "seal " + draft.seals().get(i).number() + " is listed twice"));
            }
        }
        if (photos.size() > MAX_PHOTOS) {
            problems.add(new FieldProblem("photo", "at most " + MAX_PHOTOS + " photos per step"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidFieldException(problems);
        }
    }

    private static @Nullable String blankToNull(@Nullable String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
