package org.openects.server.audit;

/**
 * Exports of the audit log about one movement. The caller decides who may see the movement; these methods only read
 * the log (and record the XML export itself as an entry).
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

    /** The entries about a movement and its alerts as CSV (RFC 4180, a header line, UTF-8). */
    String movementCsv(long movementId);
}
