package org.openects.evidence.entry;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.openects.evidence.Hash;
import org.openects.evidence.MerkleHashes;

/**
 * One entry of the audit log: leaf {@code sequence} of the Merkle tree. The leaf is the entry's {@link #canonical()}
 * encoding, so every field, the sequence number included, is covered by the log.
 *
 * @param sequence position in the log, from 0, without gaps
 * @param time when it happened, in UTC; truncated to microseconds (what PostgreSQL keeps)
 * @param actor who did it: {@code user:NAME}, {@code device:ID}, {@code system:COMPONENT}
 * @param action what was done, a stable verb such as {@code seal.armed}, {@code movement.closed}
 * @param subject what it was done to
 * @param details further facts as text, sorted by name
 * @param attachments digests of the files and device frames the entry vouches for, in the given order
 */
public record AuditEntry(
        long sequence,
        Instant time,
        String actor,
        String action,
        Subject subject,
        SortedMap<String, String> details,
        List<Attachment> attachments) {

    public AuditEntry {
        if (sequence < 0) {
            throw new IllegalArgumentException("negative sequence number: " + sequence);
        }
        time = time.truncatedTo(ChronoUnit.MICROS);
        CanonicalJson.requireText("actor", actor);
        CanonicalJson.requireText("action", action);
        TreeMap<String, String> sorted = new TreeMap<>(details);
        sorted.forEach((name, value) -> {
            CanonicalJson.requireText("detail name", name);
            CanonicalJson.requireText("detail " + name, value);
        });
        details = Collections.unmodifiableSortedMap(sorted);
        attachments = List.copyOf(attachments);
    }

    /** An entry with the given details (any map; they are sorted). */
    public static AuditEntry of(
            long sequence,
            Instant time,
            String actor,
            String action,
            Subject subject,
            Map<String, String> details,
            List<Attachment> attachments) {
        return new AuditEntry(sequence, time, actor, action, subject, new TreeMap<>(details), attachments);
    }

    /** The canonical encoding (see {@link CanonicalJson}): the bytes of the Merkle tree leaf. */
    public byte[] canonical() {
        return CanonicalJson.encode(this);
    }

    /** The RFC 6962 leaf hash of {@link #canonical()}. */
    public Hash leafHash() {
        return MerkleHashes.leaf(canonical());
    }
}
