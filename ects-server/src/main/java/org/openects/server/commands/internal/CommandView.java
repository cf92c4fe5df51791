package org.openects.server.commands.internal;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A command as the API and the live updates show it; fields as in {@link StoredCommand}. Absent fields are left out.
 */
public record CommandView(
        String deviceId,
        long counter,
        CommandOp op,
        @Nullable Long intervalSeconds,
        @Nullable String authorisation,
        @Nullable Long authorisationCode,
        Instant issuedAt,
        Instant validUntil,
        String requestedBy,
        CommandStatus status,
        @Nullable String transport,
        @Nullable String encoding,
        @Nullable Instant sentAt,
        @Nullable Instant acknowledgedAt,
        @Nullable Instant deviceTime,
        @Nullable Long ackRawMessageId,
        @Nullable String detail) {}
