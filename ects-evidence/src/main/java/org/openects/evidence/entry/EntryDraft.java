package org.openects.evidence.entry;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An audit entry before the sequencer gives it its place in the log. See {@link AuditEntry} for the fields. */
public record EntryDraft(
        Instant time,
        String actor,
        String action,
        Subject subject,
        Map<String, String> details,
        List<Attachment> attachments) {

    public EntryDraft {
        details = Map.copyOf(details);
        attachments = List.copyOf(attachments);
    }

    /** The entry at position {@code sequence}. */
    public AuditEntry sequenced(long sequence) {
        return new AuditEntry(sequence, time, actor, action, subject, new TreeMap<>(details), attachments);
    }
}
