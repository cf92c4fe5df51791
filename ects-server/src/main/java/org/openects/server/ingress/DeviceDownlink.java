package org.openects.server.ingress;

import java.util.concurrent.CompletableFuture;
import org.openects.codec.openects.Downlink;

/**
 * Sends native protocol commands to devices (device protocol section 5). Only native devices take commands: legacy
 * protocols and Iridium SBD (mobile-terminated messages) are not served yet.
 */
public interface DeviceDownlink {

    /**
     * Signs the command under the device's current key, in the encoding the device last used (JSON when it has sent
     * nothing yet), and sends it: on the device's open native TCP connection if it has one, otherwise to its MQTT
     * topic {@code {prefix}/devices/{deviceId}/commands} at QoS 1, not retained, where a device subscribed with a
     * persistent session finds it when it wakes up.
     *
     * @return completes once the broker acknowledged the message (PUBACK) or the connection took it; completes
     *     exceptionally when it could not be sent (no key for the device, connection lost)
     */
    CompletableFuture<Delivery> send(Downlink.Command command);

    /**
     * How a command went out.
     *
     * @param transport {@code MQTT} or {@code TCP}
     * @param encoding {@code JSON} or {@code COMPACT}
     */
    record Delivery(String transport, String encoding) {}
}
