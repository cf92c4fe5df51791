package org.openects.server.monitoring.internal;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.openects.domain.GeoPosition;

/** A movement's status as the list shows it; replaced, never mutated, so readers need no lock. */
record LiveStatus(
        @Nullable Instant lastReportAt,
        @Nullable GeoPosition position,
        @Nullable String seal,
        boolean insideCorridor,
        int openAlerts) {

    static final LiveStatus NONE = new LiveStatus(null, null, null, true, 0);
}
