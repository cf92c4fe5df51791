package org.openects.server.monitoring.internal;

import java.time.Instant;

/** The live {@code position} message, with the report's trust level ({@code SIGNED}, … {@code IDENTIFIED}). */
record PositionUpdate(
        long movementId,
        String deviceId,
        double latitude,
        double longitude,
        Instant at,
        String seal,
        boolean history,
        String trust) {}
