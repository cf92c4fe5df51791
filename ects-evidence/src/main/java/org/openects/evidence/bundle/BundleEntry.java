package org.openects.evidence.bundle;

import org.openects.evidence.entry.AuditEntry;
import org.openects.evidence.merkle.InclusionProof;

/**
 * An entry in a bundle with the proof that it is in the checkpoint's tree.
 *
 * @param entry the audit entry
 * @param proof its inclusion proof against the bundle's checkpoint
 */
public record BundleEntry(AuditEntry entry, InclusionProof proof) {}
