package org.openects.evidence.checkpoint;

import java.util.Base64;
import org.openects.evidence.Hash;
import org.openects.evidence.Reason;
import org.openects.evidence.Verdict;

/**
 * A tree head in the C2SP tlog-checkpoint form: the log's origin, the tree size and the RFC 6962 root.
 *
 * @param origin the log's identity, a schema-less URL such as {@code ects.example.org/audit}
 * @param size number of leaves
 * @param root root hash of the tree of {@code size} leaves
 */
public record Checkpoint(String origin, long size, Hash root) {

    public Checkpoint {
        if (origin.isEmpty() || origin.chars().anyMatch(c -> c < 0x20 || Character.isWhitespace(c) || c == '+')) {
            throw new IllegalArgumentException(
                    "an origin is non-empty, without spaces, plus signs or control characters");
        }
        if (size < 0) {
            throw new IllegalArgumentException("negative tree size");
        }
    }

    /** The note text: origin, decimal size and base64 root, each ending in a newline. */
    public String body() {
        return origin + "\n" + size + "\n" + root.base64() + "\n";
    }

    /** The checkpoint in a note text; extension lines are refused (this log writes none). */
    public static Verdict<Checkpoint> parse(String text) {
        if (!text.endsWith("\n")) {
            return malformed("does not end with a newline");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (lines.length != 3) {
            return malformed("has " + lines.length + " lines, not 3 (origin, size, root)");
        }
        String origin = lines[0];
        if (origin.isEmpty() || origin.chars().anyMatch(c -> Character.isWhitespace(c) || c == '+')) {
            return malformed("has an empty origin or one with spaces or plus signs");
        }
        if (!lines[1].matches("0|[1-9][0-9]{0,18}")) {
            return malformed("size '" + lines[1] + "' is not a decimal number without leading zeros");
        }
        long size;
        try {
            size = Long.parseLong(lines[1]);
        } catch (NumberFormatException e) {
            return malformed("size '" + lines[1] + "' is too large");
        }
        byte[] root;
        try {
            root = Base64.getDecoder().decode(lines[2]);
        } catch (IllegalArgumentException e) {
            return malformed("root is not base64");
        }
        if (root.length != Hash.LENGTH
                || !Base64.getEncoder().encodeToString(root).equals(lines[2])) {
            return malformed("root is not the canonical base64 of 32 bytes");
        }
        return Verdict.valid(new Checkpoint(origin, size, Hash.of(root)));
    }

    private static Verdict<Checkpoint> malformed(String problem) {
        return Verdict.invalid(Reason.MALFORMED_CHECKPOINT, "checkpoint " + problem);
    }
}
