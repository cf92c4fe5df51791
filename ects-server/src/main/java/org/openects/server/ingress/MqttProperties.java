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
        @DefaultValue("20000") int maxUnacknowledged) {

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

    /** The port the platform's own MQTT clients connect to: {@link #embeddedPort()} in single-box mode, else {@link #port()}. */
    public int brokerPort() {
        return embedded ? embeddedPort : port;
    }
}
