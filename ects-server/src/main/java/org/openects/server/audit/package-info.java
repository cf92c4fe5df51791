/**
 * Audit: the platform's tamper-evident log (an RFC 6962 Merkle log with signed checkpoints, from {@code ects-evidence})
 * of what people, devices and the platform did. Other modules append through {@link org.openects.server.audit.AuditLog}
 * with {@link org.openects.server.audit.AuditEvent}s and {@link org.openects.server.audit.IngestBatch}es; witnesses and
 * auditors read checkpoints, proofs and entries through the API; {@link org.openects.server.audit.EvidenceExports}
 * renders a movement's evidence (signed XML bundle, PDF report, CSV). Depends on nothing but {@code shared} and reads
 * only its own tables: the exports take the movement from their caller ({@link
 * org.openects.server.audit.MovementSummary}), its reports, events, alerts and report frames from a {@link
 * org.openects.server.audit.MovementActivitySource}, which the monitoring module implements, and the frames' digests
 * (evidence bundles, frame proofs) from a {@link org.openects.server.audit.FrameArchive}, which the ingress module
 * implements.
 */
@ApplicationModule(displayName = "Audit", allowedDependencies = "shared")
@NullMarked
package org.openects.server.audit;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
