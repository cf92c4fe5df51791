package org.openects.server.audit;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads archived raw device messages for evidence: their digests for frame proofs and evidence bundles. Implemented by
 * the ingress module, which owns the raw archive; declared here so that the audit module depends on nobody (the
 * ingress appends to the audit log, so the audit module cannot depend on it).
 */
public interface FrameArchive {

    /**
     * The archived frames with these raw message ids, by id; ids not archived are absent. Batched: a few queries
     * however many ids are asked for, never one per id.
     */
    Map<Long, Frame> frames(Collection<Long> rawMessageIds);

    /**
     * One archived raw message as evidence sees it.
     *
     * @param rawMessageId its id in the archive
     * @param digest the SHA-256 digest of all its bytes
     * @param claimedDeviceId the device it claimed to come from, or {@code null} when it named none
     * @param receivedAt when the platform received it
     */
    record Frame(long rawMessageId, byte[] digest, @Nullable String claimedDeviceId, Instant receivedAt) {}
}
