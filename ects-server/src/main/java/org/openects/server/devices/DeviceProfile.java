package org.openects.server.devices;

import org.jspecify.annotations.Nullable;

/**
 * What admission needs to know of a registered device beyond its key: the protocol it is registered for and, for
 * Iridium devices, the payload format its messages carry. Answered from memory ({@link DeviceDirectory#profileOf}).
 *
 * @param protocol the protocol it is registered for ({@code openects}, {@code ais140}, {@code jt600}, {@code jt808},
 *     {@code teltonika}, {@code iridium}); only frames read with this protocol's codec are its own
 * @param payloadFormat for Iridium devices, {@link #NATIVE} (signed native compact messages) or {@link #T622} (unsigned
 *     T622 fixes); {@code null} for the other protocols
 */
public record DeviceProfile(String protocol, @Nullable String payloadFormat) {

    /** The native protocol's name. */
    public static final String OPENECTS = "openects";

    /** The Iridium SBD protocol's name. */
    public static final String IRIDIUM = "iridium";

    /** Iridium payload format: native compact messages, signed under the device's key. */
    public static final String NATIVE = "native";

    /** Iridium payload format: T622 fixes, unsigned. */
    public static final String T622 = "t622";

    /**
     * Whether the device signs its reports with the key the registry issues (the native protocol, and Iridium devices
     * with native payloads): its unsigned reports are refused.
     */
    public boolean signs() {
        return signs(protocol, payloadFormat);
    }

    /** Whether a device of this protocol and payload format signs its reports. */
    public static boolean signs(String protocol, @Nullable String payloadFormat) {
        return protocol.equals(OPENECTS) || (protocol.equals(IRIDIUM) && !T622.equals(payloadFormat));
    }
}
