package org.openects.server.devices;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * A request to register a device.
 *
 * @param deviceId serial number or IMEI: 1-64 letters, digits, '.', '-' or '_'
 * @param kind e-seal, e-lock or tracker
 * @param sealClass ISO 17712 class I, S or H (customs transit requires H); only for seals and locks
 * @param ownerOrganisationId the seal provider owning it
 * @param firmware firmware version, if known
 * @param protocol the protocol it speaks: {@code openects} (default), {@code ais140}, {@code jt600}, {@code jt808},
 *     {@code teltonika} or {@code iridium}
 */
public record DeviceRegistration(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,64}", message = "must be 1-64 letters, digits, '.', '-' or '_'")
        String deviceId,

        @NotNull DeviceKind kind,

        @Nullable @Pattern(regexp = "[ISH]", message = "must be the ISO 17712 class I, S or H")
        String sealClass,

        @Nullable Long ownerOrganisationId,
        @Nullable @Size(max = FIRMWARE_MAX) String firmware,

        @Nullable
        @Pattern(
                regexp = "openects|ais140|jt600|jt808|teltonika|iridium",
                message = "must be one of openects, ais140, jt600, jt808, teltonika, iridium")
        String protocol) {

    /** The longest firmware version stored. */
    public static final int FIRMWARE_MAX = 64;

    /** The protocol, {@code openects} when none was given. */
    public String protocolOrDefault() {
        return protocol == null ? "openects" : protocol;
    }

    /** Whether devices of this protocol sign their reports with the key the registry issues. */
    public boolean signsReports() {
        String p = protocolOrDefault();
        return p.equals("openects") || p.equals("iridium");
    }
}
