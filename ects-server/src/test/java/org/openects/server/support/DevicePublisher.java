package org.openects.server.support;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openects.codec.openects.NativeReportCodec;
import org.openects.domain.Report;

/**
 * Plays a device: publishes native protocol messages to an MQTT broker, by default the test broker under this JVM's
 * topic prefix.
 */
public final class DevicePublisher implements AutoCloseable {

    private final Mqtt3BlockingClient client;
    private final String topicPrefix;

    /** A device on the test broker (Mosquitto), under this JVM's topic prefix. */
    public DevicePublisher() {
        this(requireTestBroker(), TestServers.MQTT_PORT, TestServers.MQTT_TOPIC_PREFIX);
    }

    /** A device on the broker at {@code host:port} (the single-box platform's embedded one, say). */
    public DevicePublisher(String host, int port, String topicPrefix) {
        this.topicPrefix = topicPrefix;
        client = Mqtt3Client.builder()
                .identifier("ects-test-device-" + UUID.randomUUID())
                .serverHost(host)
                .serverPort(port)
                .buildBlocking();
        client.connect();
    }

    private static String requireTestBroker() {
        TestServers.requireMqtt();
        return TestServers.MQTT_HOST;
    }

    /** Signs the report with the key and publishes it at QoS 1 to the device's report topic. */
    public void publish(Report report, byte[] key) {
        publish(report.deviceId().value(), NativeReportCodec.signer().encode(report, key));
    }

    /** Publishes raw bytes as if the device had sent them. */
    public void publish(String deviceId, byte[] payload) {
        client.publishWith()
                .topic(topicPrefix + "/devices/" + deviceId + "/reports")
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload)
                .send();
    }

    /**
     * A native protocol message with an arbitrary payload JSON, correctly signed: lets a test send what the codec's
     * own encoder refuses to produce (impossible coordinates).
     */
    public static byte[] signedRaw(String deviceId, String payloadJson, byte[] key) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header =
                b64.encodeToString(("{\"alg\":\"HS256\",\"kid\":\"" + deviceId + "\",\"typ\":\"ects-report.v0\"}")
                        .getBytes(StandardCharsets.UTF_8));
        String body = b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
        String signingInput = header + "." + body;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return (signingInput + "."
                            + b64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII))))
                    .getBytes(StandardCharsets.US_ASCII);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        client.disconnect();
    }
}
