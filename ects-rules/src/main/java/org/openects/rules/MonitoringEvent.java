package org.openects.rules;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.openects.domain.GeoPosition;

/**
 * Something the monitoring rules found out about a movement.
 *
 * @param type what happened
 * @param at the device time of the report that revealed it; for {@link EventType#REPORTING_GAP} the clock time the gap
 *     was declared, for {@link EventType#REPORTING_RESUMED} the receive time of the report that ended it
 * @param position where, when the triggering report had a valid fix
 * @param severity how urgent; the type's default unless a rule knows better
 * @param late {@code true} when found out after the fact, from buffered history or an out-of-order report
 * @param detail one human-readable sentence for operators and the audit log
 */
public record MonitoringEvent(
        EventType type, Instant at, @Nullable GeoPosition position, Severity severity, boolean late, String detail) {

    /** An event with its type's default severity. */
    public static MonitoringEvent of(
            EventType type, Instant at, @Nullable GeoPosition position, boolean late, String detail) {
        return new MonitoringEvent(type, at, position, type.defaultSeverity(), late, detail);
    }

    /** Whether this event opens an alert; late events do too. */
    public boolean raisesAlert() {
        return type.raisesAlert();
    }
}
