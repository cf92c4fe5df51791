package org.openects.server.ingress;

import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.openects.codec.openects.Downlink;

/**
 * Sends commands to devices: native protocol commands (device protocol section 5) to native devices over MQTT or their
 * TCP connection and to native devices on Iridium SBD as mobile-terminated messages through the Iridium gateway; and
 * {@code SET_INTERVAL}, {@code PING} and {@code UNLOCK} to JT/T 808 terminals on their TCP connection, as 0x8103
 * (parameter 0x0029), 0x8201 and 0x8500 (door unlock, 2013 layout, terminals with 12-digit ids only). Other legacy
 * protocols take no commands.
 */
public interface DeviceDownlink {

    /**
     * Sends the command: to a native device signed under its current key, to a JT/T 808 terminal unsigned (below).
     * A native device whose last accepted native message came
     * through the Iridium gateway (or, before any message, one registered with protocol {@code iridium}) gets it in
     * the compact encoding as an Iridium mobile-terminated message, through the gateway's DirectIP MT port. Any other
     * device gets it in the encoding it last used (JSON when it has sent nothing yet): on its open native TCP
     * connection if it has one, otherwise to its MQTT topic {@code {prefix}/devices/{deviceId}/commands} at QoS 1, not
     * retained, where a device subscribed with a persistent session finds it when it wakes up. A device registered
     * with protocol {@code jt808} gets a set-interval, ping or unlock, unsigned, as the JT/T 808 message 0x8103
     * (parameter 0x0029), 0x8201 or 0x8500 (door unlock) with serial {@link #jt808Serial}, on its open JT/T 808 connection only.
     *
     * @return completes once the broker acknowledged the message (PUBACK), the connection took it, or the Iridium
     *     gateway confirmed it (status 0 or more: queued for the modem); completes exceptionally when it could not be
     *     sent (no key for the device, connection lost, no Iridium MT gateway configured, the gateway unreachable or
     *     refusing the message, its status named; a JT/T 808 terminal not connected, or a command JT/T 808 has not)
     */
    CompletableFuture<Delivery> send(Downlink.Command command);

    /**
     * The JT/T 808 serial number of the platform message that carries a command to a terminal: the command counter
     * modulo 65,536 (counters start at 1 and are never reused, so a terminal's answer names its command unless the
     * device had 65,536 commands since). The answer (0x0001, 0x0201 or 0x0500) names this serial.
     */
    static int jt808Serial(long commandCounter) {
        return (int) (commandCounter & 0xffff);
    }

    /**
     * How a command went out.
     *
     * @param transport {@code MQTT}, {@code TCP} or {@code IRIDIUM}
     * @param encoding {@code JSON}, {@code COMPACT} or {@code JT808}
     * @param remark what else identifies the message sent ("JT/T 808 0x8103 serial 5"), or {@code null}
     */
    record Delivery(
            String transport, String encoding, @Nullable String remark) {

        public Delivery(String transport, String encoding) {
            this(transport, encoding, null);
        }
    }
}
