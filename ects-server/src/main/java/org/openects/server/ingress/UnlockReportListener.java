package org.openects.server.ingress;

import org.openects.domain.LockState;
import org.openects.domain.Report;

/**
 * Told of the accepted reports that say something about a lock — those carrying an {@link
 * org.openects.domain.UnlockEvent} (Jointech P45, a JT/T 808 lock event) or a lock state other than {@code UNKNOWN} —
 * once they are archived, in the order of their batch, so that a listener can see an unlock and the lock closing
 * again. The ingest pipeline filters with a field check per report. Called on an ingest thread: implementations decide
 * from memory (no database, no blocking), hand the rare unlocks to their own worker and return at once.
 */
@FunctionalInterface
public interface UnlockReportListener {

    void lockReported(Report report);

    /** Whether the report says something about a lock: an unlock event, or a known lock state. */
    static boolean saysLock(Report report) {
        return report.unlock() != null || report.lock() != LockState.UNKNOWN;
    }
}
