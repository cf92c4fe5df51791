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
 * its audit entry (the photos attached by digest), and a release ends the movement in the same transaction.
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
     * Records a step on an active movement; a {@code RELEASED} step ends it.
     *
     * @throws InvalidFieldException when the draft breaks a rule (problem names the field)
     * @throws MovementRejectedException when the movement is not active, or is armed a second time
     */
    @Transactional
    CustodyStep record(long movementId, Draft draft, List<PhotoIntake.Photo> photos, CurrentUser officer) {
        validate(draft, photos);
        Movement movement = movements.lockActive(movementId);
        if (draft.kind() == CustodyStep.Kind.ARMED) {
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
        Instant now = Instant.now();
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
        if (draft.kind() == CustodyStep.Kind.RELEASED) {
            String reason = "released at " + step.place() + " (custody step " + id + ")";
            movements.end(movementId, MovementState.COMPLETED, reason, officer.username());
            audit.record(AuditEvent.now(
                    AuditEvent.user(officer.username()),
                    "movement.completed",
                    "movement",
                    Long.toString(movementId),
                    Map.of("reference", movement.reference(), "reason", reason)));
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
