package org.openects.server.monitoring;

import java.util.List;
import org.openects.domain.Report;

/**
 * Where the ingress hands over reports that it has archived and accepted. Returns at once: the reports are queued to
 * their device's partition (which holds that device's movement) and handled there in order.
 *
 * <p>Derivation is recoverable (docs/adr/0005): the batch writer keeps a watermark over the raw archive — every
 * accepted raw message at or below {@link #derivedThrough()} has all its reports, events and alerts written — in the
 * transaction of each batch. An ingest thread takes a {@link Lane}: {@link Lane#hold()} before it names raw messages,
 * {@link Lane#submit} once they are archived, so that the watermark never passes a raw message not yet handed over.
 * At start, before the transports open, the ingress decodes the accepted raw messages above the watermark again and
 * {@link #replay replays} them.
 */
public interface ReportIntake {

    /** Queues reports (each with its raw message id) to their partitions. */
    void submit(List<Report> reports);

    /** A lane for one ingest thread; see {@link Lane}. */
    Lane lane();

    /**
     * The id of the raw message through which every accepted raw message's derived rows are written, as persisted;
     * {@code -1} when not known (a database from before the watermark existed, nothing derived since).
     */
    long derivedThrough();

    /**
     * Derives again the reports of accepted raw messages above {@link #derivedThrough()}, after a restart, and waits
     * until what they derive is written. A report whose row exists is not stored again (it still goes through the
     * rules); an event or alert its report raised before is not written again. Call it at start, before the
     * transports open.
     *
     * @param messages the raw messages' accepted reports, one list per raw message, in raw message order
     * @return how many reports were stored now (not stored before the restart)
     */
    int replay(List<ReplayedMessage> messages);

    /**
     * The reports decoded again from one archived, accepted raw message.
     *
     * @param rawMessageId the raw message
     * @param reports its reports in the order they were decoded (each with {@code rawMessageId})
     * @param partial whether the ingress refused some reports of the message (the raw row has a reason): a report
     *     that equals one stored from another raw message (device, device time, counter) is then left out, as it was
     *     refused as a duplicate or replay
     */
    record ReplayedMessage(long rawMessageId, List<Report> reports, boolean partial) {

        public ReplayedMessage {
            reports = List.copyOf(reports);
        }
    }

    /**
     * How one ingest thread hands reports over so that the derivation watermark stays correct: {@link #hold()} before
     * the thread takes ids for new raw messages (the watermark stays below them), then {@link #submit} once they are
     * archived (or {@link #release()} when there is nothing to submit). Used by one thread.
     */
    interface Lane {

        /** Raw message ids taken from now on may carry reports: the watermark stays below them until released. */
        void hold();

        /** Queues the archived reports (as {@link ReportIntake#submit}) and releases the hold. */
        void submit(List<Report> reports);

        /** Releases the hold: nothing more to submit for the raw messages named since {@link #hold()}. */
        void release();
    }
}
