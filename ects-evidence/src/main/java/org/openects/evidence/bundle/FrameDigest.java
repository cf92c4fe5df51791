package org.openects.evidence.bundle;

import java.time.Instant;
import java.util.List;
import org.openects.evidence.Hash;
import org.openects.evidence.MerkleHashes;
import org.openects.evidence.merkle.CompactRange;

/**
 * A raw device message an entry vouches for, by its digest: either as an {@code Attachment} of kind {@code frame}, or
 * as one leaf of the {@value #ROOT_DETAIL} detail of an export entry, which covers the bundle's whole frame list at
 * once.
 *
 * @param sha256 SHA-256 of the exact bytes received
 * @param device the device that sent it
 * @param receivedAt when the platform received it
 */
public record FrameDigest(Hash sha256, String device, Instant receivedAt) {

    /** The entry detail holding {@link #root} of the frames a bundle lists, in base64. */
    public static final String ROOT_DETAIL = "framesRoot";

    /**
     * The RFC 6962 Merkle root over the frames' digests in list order (leaf = SHA-256(0x00 ‖ digest), as for the
     * {@code frames.archived} entries); the empty tree's root, SHA-256 of nothing, for no frames.
     */
    public static Hash root(List<FrameDigest> frames) {
        CompactRange range = new CompactRange();
        for (FrameDigest frame : frames) {
            range.append(MerkleHashes.leaf(frame.sha256().bytes()), node -> {});
        }
        return range.root();
    }
}
