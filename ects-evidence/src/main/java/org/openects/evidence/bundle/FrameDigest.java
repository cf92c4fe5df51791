package org.openects.evidence.bundle;

import java.time.Instant;
import org.openects.evidence.Hash;

/**
 * A raw device message an entry refers to (as an {@code Attachment} of kind {@code frame}), by its digest.
 *
 * @param sha256 SHA-256 of the exact bytes received
 * @param device the device that sent it
 * @param receivedAt when the platform received it
 */
public record FrameDigest(Hash sha256, String device, Instant receivedAt) {}
