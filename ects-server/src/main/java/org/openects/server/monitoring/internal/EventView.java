package org.openects.server.monitoring.internal;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A movement event as the timeline and the live {@code event} message show it. */
record EventView(
        long id,
        long movementId,
        String type,
        String severity,
        Instant at,
        @Nullable Double latitude,
        @Nullable Double longitude,
        boolean late,
        @Nullable String detail,
        boolean alert) {}
