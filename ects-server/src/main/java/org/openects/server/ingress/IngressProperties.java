package org.openects.server.ingress;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Device listeners other than MQTT, and the Iridium gateway's mobile-terminated side ({@code ects.ingress.*}).
 *
 * @param tcpHost the address the TCP listeners bind to
 * @param tcp listening port per TCP protocol ({@code openects}, {@code ais140}, {@code jt600}, {@code jt808},
 *     {@code teltonika}, {@code iridium}); {@code 0} picks a free port, a negative port turns the listener off
 * @param idleTimeout a TCP connection that sends nothing for this long is closed
 * @param iridium the Iridium SBD settings beyond the mobile-originated listener
 */
@ConfigurationProperties("ects.ingress")
public record IngressProperties(
        @DefaultValue("0.0.0.0") String tcpHost,
        @DefaultValue Map<String, Integer> tcp,
        @DefaultValue("5m") Duration idleTimeout,
        @DefaultValue Iridium iridium) {

    /**
     * Iridium SBD ({@code ects.ingress.iridium.*}).
     *
     * @param mt the gateway's DirectIP mobile-terminated port, where commands and time responses go
     * @param gatewayAddresses the addresses (IPv4 or IPv6, each alone or as a CIDR block such as {@code
     *     192.0.2.0/28}) the Iridium gateway connects from: a DirectIP mobile-originated connection from any other
     *     address is refused and recorded ({@code UNTRUSTED_SOURCE}). Loopback only ({@code 127.0.0.1}, {@code ::1})
     *     unless set.
     */
    public record Iridium(
            @DefaultValue Mt mt,
            @DefaultValue({"127.0.0.1", "::1"}) List<String> gatewayAddresses) {

        /** The setting that lists the gateway addresses, for messages that tell the operator what to set. */
        public static final String GATEWAY_ADDRESSES = "ects.ingress.iridium.gateway-addresses";
    }

    /**
     * The Iridium gateway's DirectIP mobile-terminated (MT) port ({@code ects.ingress.iridium.mt.*}): the platform
     * connects to it for every message to an Iridium device.
     *
     * @param host the gateway's MT host name or address; empty when there is none (commands to Iridium devices then
     *     fail, naming this setting)
     * @param port the gateway's MT port; {@code 0} when there is none
     * @param connectTimeout how long to wait for the connection
     * @param readTimeout how long to wait for the gateway's confirmation once the message is written
     */
    public record Mt(
            @DefaultValue("") String host,
            @DefaultValue("0") int port,
            @DefaultValue("10s") Duration connectTimeout,
            @DefaultValue("30s") Duration readTimeout) {

        /** The settings that name the gateway, for messages that tell the operator what to set. */
        public static final String SETTINGS = "ects.ingress.iridium.mt.host and ects.ingress.iridium.mt.port";

        /** Whether a gateway is set. */
        public boolean configured() {
            return !host.isBlank() && port > 0 && port <= 65_535;
        }
    }
}
