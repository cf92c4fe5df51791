package org.openects.server.monitoring.internal;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.openects.domain.Report;
import org.openects.server.monitoring.AlertState;

/** The rows the hot path writes, as the batch writer takes them. */
final class Rows {

    private Rows() {}

    sealed interface Row permits ReportRow, EventRow, AlertRow {}

    /**
     * A report's row; queued after the rows of the events and alerts it raised.
     *
     * @param stored the row exists already (a report replayed after a restart): not written again, but it counts for
     *     the derivation watermark
     */
    record ReportRow(long id, @Nullable Long movementId, Report report, boolean stored) implements Row {}

    /**
     * The report an event or alert comes from: its raw message and its place among that message's reports; {@code
     * replayed} when the report is derived again after a restart (the row may exist already).
     */
    record Source(long rawMessageId, int reportIndex, boolean replayed) {}

    record EventRow(
            long id,
            long movementId,
            String deviceId,
            String type,
            String severity,
            Instant occurredAt,
            @Nullable Double latitude,
            @Nullable Double longitude,
            boolean late,
            String detail,
            Instant recordedAt,
            @Nullable Source source)
            implements Row {}

    record AlertRow(
            long id,
            long movementId,
            long eventId,
            String deviceId,
            String type,
            String severity,
            AlertState state,
            Instant raisedAt,
            @Nullable Double latitude,
            @Nullable Double longitude,
            boolean late,
            String detail,
            Instant recordedAt,
            @Nullable Source source)
            implements Row {}
}
