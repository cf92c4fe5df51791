package org.openects.server.movements.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.openects.server.audit.AuditEvent;
import org.openects.server.audit.AuditLog;
import org.openects.server.movements.Movement;
import org.openects.server.movements.MovementState;
import org.openects.server.movements.UnlockCustody;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/**
 * Records an authorised unlock as a custody step of kind {@link CustodyStep.Kind#UNLOCKED} in {@code custody_steps}
 * (recorded at the device's time of the unlock, by the authorising officers, at the authorised place; no seals, no
 * photos), with its audit entry {@code custody.unlocked}, in the caller's transaction. An unlock of a movement whose
 * seals were verified at destination ({@code SEALS_VERIFIED}) also moves it to {@code DISARMED}.
 */
@Component
class JdbcUnlockCustody implements UnlockCustody {

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final JdbcMovements movements;

    JdbcUnlockCustody(JdbcClient jdbc, AuditLog audit, JdbcMovements movements) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.movements = movements;
    }

    @Override
    public void recordUnlock(
            long movementId,
            String deviceId,
            String method,
            @Nullable String credential,
            String authorisation,
            String authorisedBy,
            String place,
            Instant at) {
        String note = "seal " + deviceId + " unlocked (" + method + (credential == null ? "" : ", card " + credential)
                + ") under unlock authorisation " + authorisation;
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO custody_steps (movement_id, kind, recorded_at, recorded_by, organisation_id, place,
                            from_party, to_party, seals, note)
                        VALUES (?, ?, ?, ?, NULL, ?, NULL, NULL, '[]', ?)""")
                .params(
                        movementId,
                        CustodyStep.Kind.UNLOCKED.name(),
                        Timestamp.from(at),
                        truncate(authorisedBy, 64),
                        truncate(place, 128),
                        note)
                .update(keys, "id");
        Number id = keys.getKey();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("step", String.valueOf(id));
        details.put("device", deviceId);
        details.put("method", method);
        if (credential != null) {
            details.put("card", credential);
        }
        details.put("authorisation", authorisation);
        details.put("authorisedBy", authorisedBy);
        details.put("place", place);
        details.put("deviceTime", at.toString());
        audit.record(AuditEvent.now(
                AuditEvent.system("custody"),
                CustodyStep.Kind.UNLOCKED.action(),
                "movement",
                Long.toString(movementId),
                details));
        // At destination, once the seals are verified, the authorised unlock is the disarming of the movement.
        Movement movement = movements.find(movementId).orElse(null);
        if (movement != null && CustodyChain.stateAfter(CustodyStep.Kind.UNLOCKED, movement) != null) {
            movements.transition(
                    movementId,
                    MovementState.DISARMED,
                    AuditEvent.system("custody"),
                    place,
                    "seal " + deviceId + " unlocked under unlock authorisation " + authorisation);
        }
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
