package org.openects.server.monitoring.internal;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.openects.server.monitoring.AlertState;

/** An alert as the API and the live {@code alert} message show it. */
record AlertView(
        long id,
        long movementId,
        String movementReference,
        String deviceId,
        String type,
        String severity,
        AlertState state,
        Instant raisedAt,
        @Nullable Double latitude,
        @Nullable Double longitude,
        boolean late,
        @Nullable String detail,
        @Nullable String acknowledgedBy,
        @Nullable String resolvedBy,
        @Nullable String resolution,
        @Nullable String resolutionReason) {}
