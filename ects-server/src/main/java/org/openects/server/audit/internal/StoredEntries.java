package org.openects.server.audit.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openects.evidence.Hash;
import org.openects.evidence.entry.Attachment;
import org.openects.evidence.entry.AuditEntry;
import org.openects.evidence.entry.Subject;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Audit entries as stored: the canonical bytes are authoritative, the other columns are copies for queries. Reading
 * parses the canonical bytes back into an {@link AuditEntry} and insists they are exactly its canonical form.
 */
public final class StoredEntries {

    static final String COLUMNS =
            "sequence, occurred_at, actor, action, subject_type, subject_id, canonical, leaf_hash";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private StoredEntries() {}

    /** One row of {@code audit_entries}. */
    public record Row(
            long sequence,
            Instant occurredAt,
            String actor,
            String action,
            String subjectType,
            String subjectId,
            byte[] canonical,
            byte[] leafHash) {

        static Row of(ResultSet rs, int row) throws SQLException {
            return new Row(
                    rs.getLong("sequence"),
                    rs.getTimestamp("occurred_at").toInstant(),
                    rs.getString("actor"),
                    rs.getString("action"),
                    rs.getString("subject_type"),
                    rs.getString("subject_id"),
                    rs.getBytes("canonical"),
                    rs.getBytes("leaf_hash"));
        }

        /** The logged entry; {@link IllegalStateException} naming the entry if the bytes are not canonical. */
        public AuditEntry entry() {
            return parse(sequence, canonical);
        }

        /**
         * What is wrong with this row, or null: bytes not canonical, columns or leaf hash that disagree with them.
         */
        @org.jspecify.annotations.Nullable
        public String problem() {
            AuditEntry entry;
            try {
                entry = entry();
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
            String prefix = "entry " + sequence + ": ";
            if (entry.sequence() != sequence) {
                return prefix + "its canonical bytes say it is entry " + entry.sequence();
            }
            if (!entry.time().equals(occurredAt)) {
                return prefix
                        + column(
                                "occurred_at",
                                occurredAt.toString(),
                                entry.time().toString());
            }
            if (!entry.actor().equals(actor)) {
                return prefix + column("actor", actor, entry.actor());
            }
            if (!entry.action().equals(action)) {
                return prefix + column("action", action, entry.action());
            }
            if (!entry.subject().type().equals(subjectType)) {
                return prefix
                        + column("subject_type", subjectType, entry.subject().type());
            }
            if (!entry.subject().id().equals(subjectId)) {
                return prefix + column("subject_id", subjectId, entry.subject().id());
            }
            if (!Arrays.equals(entry.leafHash().bytes(), leafHash)) {
                return prefix + "stored leaf hash differs from the hash of its canonical bytes";
            }
            return null;
        }

        private static String column(String name, String stored, String logged) {
            return "column " + name + " says '" + stored + "', the logged entry '" + logged + "'";
        }
    }

    /** The entry whose canonical bytes these are; {@link IllegalStateException} if they are not exactly that. */
    static AuditEntry parse(long sequence, byte[] canonical) {
        AuditEntry entry;
        try {
            JsonNode json = JSON.readTree(canonical);
            Map<String, String> details = new TreeMap<>();
            for (Map.Entry<String, JsonNode> detail : json.required("details").properties()) {
                details.put(detail.getKey(), text(detail.getValue()));
            }
            List<Attachment> attachments = new ArrayList<>();
            for (JsonNode attachment : json.required("attachments")) {
                attachments.add(new Attachment(
                        text(attachment.required("kind")), Hash.ofHex(text(attachment.required("sha256")))));
            }
            JsonNode subject = json.required("subject");
            entry = AuditEntry.of(
                    json.required("sequence").longValue(),
                    Instant.parse(text(json.required("time"))),
                    text(json.required("actor")),
                    text(json.required("action")),
                    new Subject(text(subject.required("type")), text(subject.required("id"))),
                    details,
                    attachments);
        } catch (RuntimeException e) {
            throw new IllegalStateException("entry " + sequence + ": stored bytes are not an audit entry (" + e + ")");
        }
        if (!Arrays.equals(entry.canonical(), canonical)) {
            throw new IllegalStateException("entry " + sequence + ": stored bytes are not in canonical form");
        }
        return entry;
    }

    private static String text(JsonNode node) {
        if (!node.isString()) {
            throw new IllegalArgumentException("expected a string, found " + node.getNodeType());
        }
        return node.asString();
    }
}
