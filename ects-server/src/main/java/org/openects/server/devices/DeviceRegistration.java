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
 * @param payloadFormat only for {@code iridium} devices: {@code native} (default; signed native compact messages) or
 *     {@code t622} (unsigned T622 fixes, which are admitted only from devices registered so)
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
        String protocol,

        @Nullable @Pattern(regexp = "native|t622", message = "must be native or t622")
        String payloadFormat) {

    /** A registration without a payload format (the protocol's default). */
    public DeviceRegistration(
            String deviceId,
            DeviceKind kind,
            @Nullable String sealClass,
            @Nullable Long ownerOrganisationId,
            @Nullable String firmware,
            @Nullable String protocol) {
        this(deviceId, kind, sealClass, ownerOrganisationId, firmware, protocol, null);
    }

    /** The longest firmware version stored. */
    public static final int FIRMWARE_MAX = 64;

    /** The protocol, {@code openects} when none was given. */
    public String protocolOrDefault() {
        return protocol == null ? "openects" : protocol;
    }

    /**
     * The payload format stored: {@code native} when none was given for an {@code iridium} device, {@code null} for
     * the other protocols (see {@link #payloadFormatProblem}).
     */
    public @Nullable String payloadFormatOrDefault() {
        if (!protocolOrDefault().equals(DeviceProfile.IRIDIUM)) {
            return null;
        }
        return payloadFormat == null ? DeviceProfile.NATIVE : payloadFormat;
    }

    /** What is wrong with the payload format given, or {@code null}: only Iridium devices have one. */
    public @Nullable String payloadFormatProblem() {
        if (payloadFormat != null && !protocolOrDefault().equals(DeviceProfile.IRIDIUM)) {
            return "only iridium devices have a payload format (native or t622); " + protocolOrDefault()
                    + " devices carry their protocol's own";
        }
        return null;
    }

    /**
     * Whether devices of this protocol (and payload format) sign their reports with the key the registry issues: the
     * native protocol, and Iridium devices with native payloads.
     */
    public boolean signsReports() {
        return DeviceProfile.signs(protocolOrDefault(), payloadFormatOrDefault());
    }
}
