package org.openects.codec.iridium;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * One DirectIP mobile-originated message as the Iridium gateway sends it: its header, the network's estimate of the
 * modem's position when the gateway adds one, and the modem's payload when it sent one.
 */
public record DirectIpMessage(Header header, @Nullable Location location, byte @Nullable [] payload) {

    public DirectIpMessage {
        payload = payload == null ? null : payload.clone();
    }

    @Override
    public byte @Nullable [] payload() {
        return payload == null ? null : payload.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DirectIpMessage that
                && header.equals(that.header)
                && java.util.Objects.equals(location, that.location)
                && Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Objects.hash(header, location) + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "DirectIpMessage[" + header + ", " + location + ", payload "
                + (payload == null ? "none" : HexFormat.of().formatHex(payload)) + "]";
    }

    /**
     * The MO header element (IEI 0x01).
     *
     * @param cdrReference the gateway's call detail record reference, unique per message
     * @param imei the modem's IMEI, 15 digits
     * @param sessionStatus 0 success; 1 and 2 success with a remark; 10 and above a failed session
     * @param momsn the modem's mobile-originated message sequence number (wraps at 65535)
     * @param mtmsn the mobile-terminated sequence number of a message delivered in the same session
     * @param sessionTime when the session took place (whole seconds, UTC)
     */
    public record Header(
            long cdrReference, String imei, int sessionStatus, int momsn, int mtmsn, Instant sessionTime) {}

    /**
     * The MO location element (IEI 0x03): the network's estimate of where the modem was, not a GNSS fix.
     *
     * @param cepRadiusKm the radius in km of the circle the modem lies in with 80 % probability
     */
    public record Location(double latitude, double longitude, long cepRadiusKm) {}
}
