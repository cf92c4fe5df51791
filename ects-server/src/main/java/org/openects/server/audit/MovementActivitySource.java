package org.openects.server.audit;

import java.util.List;

/**
 * Supplies what the monitoring recorded about a movement to its exports: its reports, events and alerts for the PDF
 * report, the ids of its alerts (subjects of audit entries about it) and the raw messages its reports came from (the
 * frames of its evidence bundle). Implemented by the monitoring module, which owns those tables; declared here so
 * that the audit module depends on nobody.
 */
public interface MovementActivitySource {

    /** What the monitoring recorded for the movement, read at once (one query per kind of record). */
    MovementActivity activityOf(long movementId);

    /** The ids of the movement's alerts, ascending (one query). */
    List<Long> alertIdsOf(long movementId);

    /** The ids of the raw messages the movement's reports were decoded from, ascending and distinct (one query). */
    List<Long> rawMessageIdsOf(long movementId);
}
