package org.openects.server.devices;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A registered device as the registry shows it (never with its key).
 *
 * @param deviceId its identity (serial number or IMEI)
 * @param kind e-seal, e-lock or tracker
 * @param protocol the device protocol it speaks
 * @param sealClass ISO 17712 class (I, S or H) for seals, else {@code null}
 * @param ownerOrganisationId the seal provider owning it, or {@code null}
 * @param lifecycle where it is in its life
 * @param keyVersion incremented at each key rotation
 * @param lastCounter the highest counter accepted from it
 * @param lastSeenAt when it last sent an accepted message
 * @param batteryPercent its last reported battery
 * @param firmware its firmware version, when known
 * @param createdAt when it was registered
 * @param revokedAt when it was revoked, or {@code null}
 * @param payloadFormat for Iridium devices, the payload format it is registered for ({@code native} or {@code t622});
 *     {@code null} for the other protocols
 * @param keyAwaitingProvider whether its current key waits to be claimed by its seal provider ({@code POST
 *     /api/v1/devices/{id}/provisioning}); always false for protocols that sign nothing
 */
public record Device(
        String deviceId,
        DeviceKind kind,
        String protocol,
        @Nullable String sealClass,
        @Nullable Long ownerOrganisationId,
        Lifecycle lifecycle,
        int keyVersion,
        long lastCounter,
        @Nullable Instant lastSeenAt,
        @Nullable Integer batteryPercent,
        @Nullable String firmware,
        Instant createdAt,
        @Nullable Instant revokedAt,
        @Nullable String payloadFormat,
        boolean keyAwaitingProvider) {}
