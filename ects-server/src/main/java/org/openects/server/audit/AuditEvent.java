package org.openects.server.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.openects.evidence.entry.Attachment;

/**
 * Something that happened and goes into the audit log. Text is cleaned when recorded (control characters become
 * U+FFFD), so callers may pass what users typed.
 *
 * @param time when it happened
 * @param actor who did it: {@code user:NAME}, {@code device:ID} or {@code system:COMPONENT} (see {@link #user})
 * @param action a stable verb such as {@code movement.started}
 * @param subjectType the kind of thing it was done to: {@code movement}, {@code device}, {@code alert}, {@code account}…
 * @param subjectId its identifier within that kind
 * @param details further facts as text
 * @param attachments digests of the files or device frames the entry vouches for
 */
public record AuditEvent(
        Instant time,
        String actor,
        String action,
        String subjectType,
        String subjectId,
        Map<String, String> details,
        List<Attachment> attachments) {

    public AuditEvent {
        details = Map.copyOf(details);
        attachments = List.copyOf(attachments);
    }

    /** An event happening now, without attachments. */
    public static AuditEvent now(
            String actor, String action, String subjectType, String subjectId, Map<String, String> details) {
        return new AuditEvent(Instant.now(), actor, action, subjectType, subjectId, details, List.of());
    }

    /** The actor of an account: {@code user:NAME}; the platform's own account name {@code system} stays a system. */
    public static String user(String username) {
        return "system".equals(username) ? "system:platform" : "user:" + username;
    }

    /** The actor of a platform component: {@code system:COMPONENT}. */
    public static String system(String component) {
        return "system:" + component;
    }
}
