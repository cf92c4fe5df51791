package org.openects.evidence.entry;

import org.openects.evidence.Hash;

/**
 * A file or message an entry vouches for, by its SHA-256 digest: a photo, a document, the raw device frame a decision
 * was made on.
 *
 * @param kind what it is; {@value #FRAME} for raw device messages
 * @param sha256 the SHA-256 digest of its exact bytes
 */
public record Attachment(String kind, Hash sha256) {

    /** The kind of raw device messages (frames). */
    public static final String FRAME = "frame";

    public Attachment {
        CanonicalJson.requireIdentifier("attachment kind", kind);
    }

    /** A raw device message. */
    public static Attachment frame(Hash sha256) {
        return new Attachment(FRAME, sha256);
    }
}
