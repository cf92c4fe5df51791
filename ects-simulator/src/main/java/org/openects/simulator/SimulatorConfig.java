package org.openects.simulator;

import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.openects.codec.openects.NativeProtocol;

/**
 * How a {@link Simulator} reaches its broker and paces its fleet.
 *
 * @param host MQTT broker host; default {@code localhost}
 * @param port MQTT broker port; default 1883
 * @param username broker user name, or {@code null} for anonymous; default {@code null}
 * @param password broker password, or {@code null}; default {@code null}
 * @param topicPrefix reports go to {@code {topicPrefix}/devices/{deviceId}/reports}; default {@code ects/v0}
 * @param reportInterval real time between two readings of a device; default 2 s
 * @param speedup how many times faster than real time the trucks drive (device clocks stay real); default 40
 * @param clientId the MQTT client identifier; default {@code ects-simulator-} and 8 random hex digits
 * @param encoding how reports are encoded; default {@link Encoding#JSON}
 */
public record SimulatorConfig(
        String host,
        int port,
        @Nullable String username,
        @Nullable String password,
        String topicPrefix,
        Duration reportInterval,
        double speedup,
        String clientId,
        Encoding encoding) {

    /** The native protocol encodings the simulator speaks. */
    public enum Encoding {
        /** JWS-signed JSON reports (native protocol version 0 and 1). */
        JSON,
        /** 32-byte compact binary reports with a 64-bit tag (native protocol version 1, section 4). */
        COMPACT
    }

    public static final String DEFAULT_HOST = "localhost";
    public static final int DEFAULT_PORT = 1883;
    public static final Duration DEFAULT_REPORT_INTERVAL = Duration.ofSeconds(2);
    public static final double DEFAULT_SPEEDUP = 40;

    public SimulatorConfig {
        Objects.requireNonNull(host);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535: " + port);
        }
        if (topicPrefix.isEmpty()
                || topicPrefix.endsWith("/")
                || topicPrefix.contains("+")
                || topicPrefix.contains("#")) {
            throw new IllegalArgumentException(
                    "topic prefix must be a plain topic without trailing '/': " + topicPrefix);
        }
        if (reportInterval.toMillis() < 10) {
            throw new IllegalArgumentException("report interval must be at least 10 ms: " + reportInterval);
        }
        if (!(speedup > 0) || !Double.isFinite(speedup)) {
            throw new IllegalArgumentException("speedup must be > 0: " + speedup);
        }
        Objects.requireNonNull(encoding);
        if (clientId.isEmpty()) {
            throw new IllegalArgumentException("client id must not be empty");
        }
    }

    /** The defaults listed above, with a fresh random client id. */
    public static SimulatorConfig defaults() {
        return new SimulatorConfig(
                DEFAULT_HOST,
                DEFAULT_PORT,
                null,
                null,
                NativeProtocol.DEFAULT_TOPIC_PREFIX,
                DEFAULT_REPORT_INTERVAL,
                DEFAULT_SPEEDUP,
                "ects-simulator-"
                        + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()),
                Encoding.JSON);
    }

    public SimulatorConfig withBroker(String host, int port) {
        return new SimulatorConfig(
                host, port, username, password, topicPrefix, reportInterval, speedup, clientId, encoding);
    }

    public SimulatorConfig withCredentials(@Nullable String username, @Nullable String password) {
        return new SimulatorConfig(
                host, port, username, password, topicPrefix, reportInterval, speedup, clientId, encoding);
    }

    public SimulatorConfig withTopicPrefix(String topicPrefix) {
        return new SimulatorConfig(
                host, port, username, password, topicPrefix, reportInterval, speedup, clientId, encoding);
    }

    public SimulatorConfig withReportInterval(Duration reportInterval) {
        return new SimulatorConfig(
                host, port, username, password, topicPrefix, reportInterval, speedup, clientId, encoding);
    }

    public SimulatorConfig withSpeedup(double speedup) {
        return new SimulatorConfig(
                host, port, username, password, topicPrefix, reportInterval, speedup, clientId, encoding);
    }

    public SimulatorConfig withClientId(String clientId) {
        return new SimulatorConfig(
                host, port, username, password, topicPrefix, reportInterval, speedup, clientId, encoding);
    }

    public SimulatorConfig withEncoding(Encoding encoding) {
        return new SimulatorConfig(
                host, port, username, password, topicPrefix, reportInterval, speedup, clientId, encoding);
    }

    /** Without the password. */
    @Override
    public String toString() {
        return "SimulatorConfig[" + host + ":" + port + (username != null ? " as " + username : "") + ", prefix "
                + topicPrefix + ", every " + reportInterval + ", speedup " + speedup + ", client " + clientId + ", "
                + encoding + "]";
    }
}
