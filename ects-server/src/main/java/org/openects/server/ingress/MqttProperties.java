package org.openects.server.ingress;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * MQTT settings ({@code ects.mqtt.*}).
 *
 * @param embedded run an embedded MQTT broker in this process (single-box mode)
 * @param embeddedHost the address the embedded broker listens on
 * @param embeddedPort the port the embedded broker listens on (not 1883, which a system broker may hold)
 * @param host the external broker the platform subscribes to (when not {@code embedded})
 * @param port its port
 * @param username broker user name, empty for none
 * @param password broker password
 * @param topicPrefix devices publish to {@code {topicPrefix}/devices/{deviceId}/reports}
 * @param partitions number of ingest partitions (threads), messages are spread over them by device
 * @param batchSize most messages archived in one database transaction
 * @param maxUnacknowledged most messages received and not yet archived (acknowledged) before the platform stops reading
 *     from the broker until it catches up; keep the broker's own in-flight limit for this client at or below it
 * @param clientId the platform's MQTT client id for its subscription; empty derives a stable one from the topic
 *     prefix ({@code openects-ingress-xxxxxxxx}). The downlink connects as this id with {@code -downlink-} and a random
 *     suffix. Give the platform's broker account this id (prefix) alone in the broker's ACL, so that no device can
 *     take over the platform's session
 * @param maxMessageBytes a message over this many bytes is not decoded: it is archived as {@code OVERSIZED} (its
 *     digest, length and first bytes, see {@code ects.ingress.archive-prefix-bytes}) and acknowledged
 * @param queueCapacity messages each ingest partition holds before the transports are told to wait (HTTP 503, TCP
 *     and MQTT stop reading)
 * @param tls TLS to the external broker
 * @param downlinkUsername broker user name of the platform's downlink connection (commands to devices); empty uses
 *     {@code username}. A separate account lets the broker pin each platform connection's client id to its account
 *     ({@code use_username_as_clientid}, docs/operations.md)
 * @param downlinkPassword its password (with {@code downlinkUsername})
 */
@ConfigurationProperties("ects.mqtt")
public record MqttProperties(
        @DefaultValue("true") boolean embedded,
        @DefaultValue("127.0.0.1") String embeddedHost,
        @DefaultValue("11883") int embeddedPort,
        @DefaultValue("127.0.0.1") String host,
        @DefaultValue("11883") int port,
        @DefaultValue("") String username,
        @DefaultValue("") String password,
        @DefaultValue("ects/v0") String topicPrefix,
        @DefaultValue("2") int partitions,
        @DefaultValue("1000") int batchSize,
        @DefaultValue("20000") int maxUnacknowledged,
        @DefaultValue("") String clientId,
        @DefaultValue("65536") int maxMessageBytes,
        @DefaultValue("50000") int queueCapacity,
        @DefaultValue Tls tls,
        @DefaultValue("") String downlinkUsername,
        @DefaultValue("") String downlinkPassword) {

    /** Checks the bounds. */
    public MqttProperties {
        if (maxMessageBytes < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("ects.mqtt.max-message-bytes and .queue-capacity must be at least 1");
        }
    }

    /**
     * TLS to the broker ({@code ects.mqtt.tls.*}), for the platform's subscription and its downlink. The broker's
     * host name (or address) is verified against its certificate.
     *
     * @param enabled connect with TLS
     * @param caFile PEM file of the certificate authorities to trust; empty uses {@code trustStore}, or the JDK's
     *     default trust when both are empty
     * @param trustStore PKCS#12 trust store of the authorities to trust (when {@code caFile} is empty)
     * @param trustStorePassword its password
     * @param keyStore PKCS#12 key store holding the platform's client certificate and key, for brokers that require
     *     one; empty for none
     * @param keyStorePassword its password (also the key's)
     */
    public record Tls(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("") String caFile,
            @DefaultValue("") String trustStore,
            @DefaultValue("") String trustStorePassword,
            @DefaultValue("") String keyStore,
            @DefaultValue("") String keyStorePassword) {}

    /**
     * The host the platform's own MQTT clients (subscription, downlink, demo simulator) connect to: the embedded
     * broker in single-box mode (loopback when it listens on every address), else {@link #host()}.
     */
    public String brokerHost() {
        if (!embedded) {
            return host;
        }
        return embeddedHost.equals("0.0.0.0") || embeddedHost.equals("::") ? "127.0.0.1" : embeddedHost;
    }

    /** The stable client id of the platform's subscription: {@link #clientId()}, or one derived from the prefix. */
    public String subscriberClientId() {
        if (!clientId.isBlank()) {
            return clientId;
        }
        return "openects-ingress-"
                + java.util
                        .UUID
                        .nameUUIDFromBytes(topicPrefix.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .toString()
                        .substring(0, 8);
    }

    /** The port the platform's own MQTT clients connect to: {@link #embeddedPort()} in single-box mode, else {@link #port()}. */
    public int brokerPort() {
        return embedded ? embeddedPort : port;
    }
}
