package org.openects.server.monitoring.internal;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.openects.domain.Report;
import org.openects.server.monitoring.AlertState;

/** The rows the hot path writes, as the batch writer takes them. */
final class Rows {

    private Rows() {}

    sealed interface Row permits ReportRow, EventRow, AlertRow {}

    record ReportRow(long id, @Nullable Long movementId, Report report) implements Row {}

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
            Instant recordedAt)
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
            Instant recordedAt)
            implements Row {}
}
