package org.openects.server.audit;

/**
 * Exports of the audit log about one movement. The caller decides who may see the movement; these methods only read
 * the log (and record the XML and PDF exports themselves as entries).
 */
public interface EvidenceExports {

    /**
     * The signed XML evidence bundle (docs/evidence.md) of a movement: the entries about it and its alerts, with
     * inclusion proofs against a checkpoint signed for the purpose, and the digests of its reports' raw frames. The
     * export is itself logged ({@code evidence.exported}, attaching those frame digests) before the checkpoint is
     * signed, so the bundle vouches for the frames through that entry.
     *
     * @param movementId the movement's number (the subject id of its entries)
     * @param reference its customs reference, named in the bundle
     * @param actor who asks, as in {@link AuditEvent#actor()}
     */
    byte[] movementBundle(long movementId, String reference, String actor);

    /**
     * The movement's report for people, as PDF: a summary, the route drawn with its corridor and track, the alerts
     * with their handling, the events, the people who acted on it, the attachment digests and how to verify it. The
     * export is logged ({@code evidence.exported}, format {@code pdf}) and a checkpoint signed before the report is
     * drawn, so the report names the checkpoint and the entries a later XML bundle will show too. The report is a
     * rendering, not evidence: it says so, and points at the XML bundle.
     *
     * @param movement what the caller knows about the movement
     * @param actor who asks, as in {@link AuditEvent#actor()}
     */
    byte[] movementReport(MovementSummary movement, String actor);

    /**
     * The entries about a movement and its alerts as CSV (RFC 4180, a header line, UTF-8). The export is logged
     * after the file is drawn ({@code evidence.exported}, format {@code csv}, with the number of data rows and the
     * SHA-256 of the exact bytes answered), so the log says who took which file.
     *
     * @param movementId the movement's number (the subject id of its entries)
     * @param reference its customs reference, named in the entry
     * @param actor who asks, as in {@link AuditEvent#actor()}
     */
    String movementCsv(long movementId, String reference, String actor);
}
