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
 * @param http the anonymous HTTP ingest's bounds ({@code POST /api/v1/ingest/openects})
 * @param connections the TCP listeners' connection caps
 * @param archivePrefixBytes a refused message longer than this is archived as its first this-many bytes, with its
 *     full length and the SHA-256 digest of all its bytes; accepted messages are always archived whole
 */
@ConfigurationProperties("ects.ingress")
public record IngressProperties(
        @DefaultValue("0.0.0.0") String tcpHost,
        @DefaultValue Map<String, Integer> tcp,
        @DefaultValue("5m") Duration idleTimeout,
        @DefaultValue Iridium iridium,
        @DefaultValue Http http,
        @DefaultValue Connections connections,
        @DefaultValue("4096") int archivePrefixBytes) {

    /** Checks the bounds. */
    public IngressProperties {
        if (archivePrefixBytes < 0) {
            throw new IllegalArgumentException("ects.ingress.archive-prefix-bytes must not be negative");
        }
    }

    /**
     * The anonymous HTTP ingest ({@code ects.ingress.http.*}).
     *
     * @param maxBodyBytes a body longer than this is refused with 413 before it is read (declared length) or as soon
     *     as the read passes it (chunked body); nothing beyond it is buffered
     * @param requestsPerMinute requests accepted per client address per minute (a token bucket of this size, refilled
     *     at this rate); then 429 with {@code Retry-After}
     */
    public record Http(
            @DefaultValue("65536") int maxBodyBytes,
            @DefaultValue("600") int requestsPerMinute) {

        /** Checks the bounds. */
        public Http {
            if (maxBodyBytes < 1) {
                throw new IllegalArgumentException("ects.ingress.http.max-body-bytes must be at least 1");
            }
            if (requestsPerMinute < 1) {
                throw new IllegalArgumentException("ects.ingress.http.requests-per-minute must be at least 1");
            }
        }
    }

    /**
     * Connection caps of the TCP listeners ({@code ects.ingress.connections.*}), over all the listeners together.
     *
     * @param max open device connections at most; a new one beyond is closed at once
     * @param perAddress open connections at most from one client address
     * @param logInterval a refused address is logged at most once per this interval (with how many were refused)
     */
    public record Connections(
            @DefaultValue("20000") int max,
            @DefaultValue("200") int perAddress,
            @DefaultValue("1m") Duration logInterval) {

        /** Checks the bounds. */
        public Connections {
            if (max < 1 || perAddress < 1) {
                throw new IllegalArgumentException("ects.ingress.connections.max and .per-address must be at least 1");
            }
        }
    }

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
