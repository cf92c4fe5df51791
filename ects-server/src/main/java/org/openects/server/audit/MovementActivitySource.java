package org.openects.server.audit;

/**
 * Supplies a movement's reports, events and alerts to its report. Implemented by the monitoring module, which owns
 * them; declared here so that the audit module depends on nobody.
 */
public interface MovementActivitySource {

    /** What the monitoring recorded for the movement, read at once (one query per kind of record). */
    MovementActivity activityOf(long movementId);
}
