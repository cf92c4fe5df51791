package org.openects.server.ingress;

import java.util.concurrent.CompletableFuture;
import org.openects.codec.openects.Downlink;

/**
 * Sends native protocol commands to devices (device protocol section 5): native devices over MQTT or their TCP
 * connection, and native devices on Iridium SBD as mobile-terminated messages through the Iridium gateway. Legacy
 * protocols take no commands.
 */
public interface DeviceDownlink {

    /**
     * Signs the command under the device's current key and sends it. A device whose last accepted native message came
     * through the Iridium gateway (or, before any message, one registered with protocol {@code iridium}) gets it in
     * the compact encoding as an Iridium mobile-terminated message, through the gateway's DirectIP MT port. Any other
     * device gets it in the encoding it last used (JSON when it has sent nothing yet): on its open native TCP
     * connection if it has one, otherwise to its MQTT topic {@code {prefix}/devices/{deviceId}/commands} at QoS 1, not
     * retained, where a device subscribed with a persistent session finds it when it wakes up.
     *
     * @return completes once the broker acknowledged the message (PUBACK), the connection took it, or the Iridium
     *     gateway confirmed it (status 0 or more: queued for the modem); completes exceptionally when it could not be
     *     sent (no key for the device, connection lost, no Iridium MT gateway configured, the gateway unreachable or
     *     refusing the message, its status named)
     */
    CompletableFuture<Delivery> send(Downlink.Command command);

    /**
     * How a command went out.
     *
     * @param transport {@code MQTT}, {@code TCP} or {@code IRIDIUM}
     * @param encoding {@code JSON} or {@code COMPACT}
     */
    record Delivery(String transport, String encoding) {}
}
