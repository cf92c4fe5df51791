package org.openects.evidence;

/** Why a verification failed. Each corruption of evidence maps to exactly one of these. */
public enum Reason {
    // Merkle proofs
    /** The leaf index is not below the tree size, or a size is zero where leaves are needed. */
    INDEX_OUT_OF_RANGE,
    /** The proof has fewer hashes than the tree shape requires. */
    PROOF_TOO_SHORT,
    /** The proof has more hashes than the tree shape allows. */
    PROOF_TOO_LONG,
    /** The proof, applied to the leaf or the old root, does not lead to the expected root. */
    ROOT_MISMATCH,
    /** A consistency proof from a larger tree to a smaller one. */
    SIZES_OUT_OF_ORDER,

    // Signed notes and checkpoints
    /** The text is not a signed note (no blank line, bad signature line, control characters, bad base64). */
    MALFORMED_NOTE,
    /** The note text is not a checkpoint (origin, decimal size, base64 root hash). */
    MALFORMED_CHECKPOINT,
    /** No signature on the note is from the trusted key (name and key ID). */
    UNKNOWN_KEY,
    /** A signature from the trusted key does not verify over the note text. */
    BAD_SIGNATURE,
    /** The checkpoint is for another log than expected. */
    WRONG_ORIGIN,
    /** The checkpoint is smaller than one seen before. */
    CHECKPOINT_GOES_BACKWARDS,
    /** The checkpoint has the size of one seen before but a different root: the log forked. */
    CHECKPOINT_FORKED,

    // Evidence bundles
    /** The bundle is not well-formed XML. */
    MALFORMED_XML,
    /** The bundle does not conform to evidence-bundle.xsd. */
    SCHEMA_INVALID,
    /** The bundle carries no XML signature. */
    XML_SIGNATURE_MISSING,
    /** The XML signature does not cover the whole bundle. */
    XML_SIGNATURE_PARTIAL,
    /** The XML signature names a key other than the trusted one. */
    XML_SIGNATURE_UNKNOWN_KEY,
    /** A signed reference's digest does not match the content: the bundle was altered after signing. */
    XML_REFERENCE_DIGEST_MISMATCH,
    /** The XML signature value does not verify under the trusted key. */
    XML_SIGNATURE_INVALID,
    /** An entry's readable fields disagree with its canonical content. */
    ENTRY_FIELDS_MISMATCH,
    /** An entry's inclusion proof is for another leaf index or tree size than the entry and checkpoint. */
    PROOF_MISPLACED,
    /** An entry's inclusion proof does not lead to the checkpoint root. */
    INCLUSION_FAILED,
    /** A consistency proof does not connect two checkpoints. */
    CONSISTENCY_FAILED,
    /** A frame digest in the bundle is referenced by no entry. */
    FRAME_NOT_REFERENCED,

    // Log audit (fsck)
    /** Entries are not numbered 0, 1, 2, ... without gaps. */
    SEQUENCE_GAP,
    /** A stored checkpoint's root differs from the root recomputed from the entries. */
    CHECKPOINT_ROOT_MISMATCH,
    /** A stored checkpoint is larger than the log. */
    CHECKPOINT_BEYOND_LOG,
    /** The stored tree state disagrees with the root recomputed from the entries. */
    STORE_ROOT_MISMATCH
}
