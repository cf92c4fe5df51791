package org.openects.server.audit.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.openects.evidence.Hash;
import org.openects.evidence.bundle.BundleWriter;
import org.openects.evidence.bundle.EvidenceBundle;
import org.openects.evidence.bundle.FrameDigest;
import org.openects.evidence.checkpoint.SignedCheckpoint;
import org.openects.evidence.entry.AuditEntry;
import org.openects.evidence.entry.CanonicalJson;
import org.openects.server.audit.AuditEvent;
import org.openects.server.audit.EvidenceExports;
import org.openects.server.audit.FrameArchive;
import org.openects.server.audit.MovementActivity;
import org.openects.server.audit.MovementActivitySource;
import org.openects.server.audit.MovementSummary;
import org.openects.server.audit.internal.pdf.MovementReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Evidence bundles, PDF reports and CSV listings of the log's entries about one movement. What the movement's
 * reports and alerts are comes from the monitoring module ({@link MovementActivitySource}), the frames' digests from
 * the ingress module's archive ({@link FrameArchive}): each owns its tables.
 */
@Service
public class MovementEvidence implements EvidenceExports {

    private static final Logger log = LoggerFactory.getLogger(MovementEvidence.class);

    static final String GENERATOR = "OpenECTS";

    private final SequencedAuditLog audit;
    private final ObjectProvider<MovementActivitySource> activity;
    private final ObjectProvider<FrameArchive> archive;

    public MovementEvidence(
            SequencedAuditLog audit,
            ObjectProvider<MovementActivitySource> activity,
            ObjectProvider<FrameArchive> archive) {
        this.audit = audit;
        this.activity = activity;
        this.archive = archive;
    }

    @Override
    public byte[] movementBundle(long movementId, String reference, String actor) {
        List<FrameDigest> frames = frames(movementId);
        // One Merkle root vouches for the whole frame list (BundleVerifier recomputes it), so that later exports,
        // which carry this entry too, do not grow with a copy of every digest.
        audit.record(AuditEvent.now(
                actor,
                "evidence.exported",
                "movement",
                Long.toString(movementId),
                Map.of(
                        "format",
                        "xml",
                        "reference",
                        reference,
                        "frames",
                        Integer.toString(frames.size()),
                        FrameDigest.ROOT_DETAIL,
                        FrameDigest.root(frames).base64())));
        SignedCheckpoint checkpoint = audit.checkpointNow();
        List<AuditEntry> entries = audit.entries()
                .aboutMovement(
                        movementId,
                        alertIds(movementId),
                        checkpoint.checkpoint().size());
        EvidenceBundle bundle =
                EvidenceBundle.assemble(reference, Instant.now(), GENERATOR, checkpoint, entries, frames, audit.tree());
        return new BundleWriter(audit.signer()).write(bundle);
    }

    @Override
    public byte[] movementReport(MovementSummary movement, String actor) {
        audit.record(AuditEvent.now(
                actor,
                "evidence.exported",
                "movement",
                Long.toString(movement.id()),
                Map.of("format", "pdf", "reference", movement.reference())));
        long started = System.nanoTime();
        SignedCheckpoint checkpoint = audit.checkpointNow();
        List<AuditEntry> entries = audit.entries()
                .aboutMovement(
                        movement.id(),
                        alertIds(movement.id()),
                        checkpoint.checkpoint().size());
        long logged = System.nanoTime();
        MovementActivitySource source = activity.getIfAvailable();
        MovementActivity recorded = source == null ? MovementActivity.NONE : source.activityOf(movement.id());
        long read = System.nanoTime();
        byte[] pdf = MovementReport.render(new MovementReport.Content(
                movement, recorded, entries, checkpoint, audit.verifierKey(), Instant.now(), actor));
        if (log.isDebugEnabled()) {
            long drawn = System.nanoTime();
            log.debug(
                    "PDF report of movement {}: {} reports, {} events, {} alerts, {} entries, {} bytes in {} ms"
                            + " (checkpoint and entries {} ms, activity {} ms, drawing {} ms)",
                    movement.id(),
                    recorded.reports(),
                    recorded.events().size(),
                    recorded.alerts().size(),
                    entries.size(),
                    pdf.length,
                    (drawn - started) / 1_000_000,
                    (logged - started) / 1_000_000,
                    (read - logged) / 1_000_000,
                    (drawn - read) / 1_000_000);
        }
        return pdf;
    }

    @Override
    public String movementCsv(long movementId, String reference, String actor) {
        long size = audit.tree().size();
        StringBuilder csv = new StringBuilder(
                "sequence,time,actor,action,subject_type,subject_id,details,attachments,leaf_hash\r\n");
        int rows = 0;
        for (AuditEntry entry : audit.entries().aboutMovement(movementId, alertIds(movementId), size)) {
            rows++;
            List<String> cells = new ArrayList<>();
            cells.add(Long.toString(entry.sequence()));
            cells.add(CanonicalJson.time(entry.time()));
            cells.add(entry.actor());
            cells.add(entry.action());
            cells.add(entry.subject().type());
            cells.add(entry.subject().id());
            cells.add(entry.details().entrySet().stream()
                    .map(d -> d.getKey() + "=" + d.getValue())
                    .collect(Collectors.joining("; ")));
            cells.add(entry.attachments().stream()
                    .map(a -> a.kind() + ":" + a.sha256().hex())
                    .collect(Collectors.joining(" ")));
            cells.add(entry.leafHash().hex());
            csv.append(cells.stream().map(MovementEvidence::cell).collect(Collectors.joining(",")))
                    .append("\r\n");
        }
        String text = csv.toString();
        audit.record(AuditEvent.now(
                actor,
                "evidence.exported",
                "movement",
                Long.toString(movementId),
                Map.of(
                        "format",
                        "csv",
                        "reference",
                        reference,
                        "rows",
                        Integer.toString(rows),
                        "sha256",
                        Hash.sha256(text.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                                .hex())));
        return text;
    }

    /** The ids of the movement's alerts, whose audit entries are about the movement too. */
    private List<Long> alertIds(long movementId) {
        MovementActivitySource source = activity.getIfAvailable();
        return source == null ? List.of() : source.alertIdsOf(movementId);
    }

    /** The raw frames of the movement's reports, in the order received (by raw message id). */
    private List<FrameDigest> frames(long movementId) {
        MovementActivitySource source = activity.getIfAvailable();
        FrameArchive frames = archive.getIfAvailable();
        if (source == null || frames == null) {
            return List.of();
        }
        List<Long> ids = source.rawMessageIdsOf(movementId);
        Map<Long, FrameArchive.Frame> archived = frames.frames(ids);
        List<FrameDigest> digests = new ArrayList<>(ids.size());
        for (long id : ids) {
            FrameArchive.Frame frame = archived.get(id);
            if (frame != null) {
                digests.add(new FrameDigest(
                        Hash.of(frame.digest()),
                        frame.claimedDeviceId() == null ? "unknown" : frame.claimedDeviceId(),
                        frame.receivedAt()));
            }
        }
        return digests;
    }

    /** One CSV field, quoted when needed; text a spreadsheet would run as a formula is prefixed with a quote. */
    private static String cell(String value) {
        String safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }
}
