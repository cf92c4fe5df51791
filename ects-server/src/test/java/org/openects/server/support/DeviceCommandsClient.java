package org.openects.server.support;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openects.codec.openects.CompactCodec;
import org.openects.codec.openects.CompactProtocol;
import org.openects.codec.openects.Downlink;
import org.openects.codec.openects.DownlinkResult;
import org.openects.codec.openects.JsonMessageCodec;
import org.openects.codec.openects.NativeProtocol;
import org.openects.domain.DeviceId;

/**
 * Plays the command side of a native device on the test broker: subscribed to its commands topic, it keeps every
 * message the platform sends there, verifies them as the device would, and publishes acknowledgements and reports.
 */
public final class DeviceCommandsClient implements AutoCloseable {

    private final DeviceId device;
    private final Mqtt3AsyncClient client;
    private final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();

    public DeviceCommandsClient(DeviceId device) {
        TestServers.requireMqtt();
        this.device = device;
        this.client = Mqtt3Client.builder()
                .identifier("ects-test-device-" + UUID.randomUUID())
                .serverHost(TestServers.MQTT_HOST)
                .serverPort(TestServers.MQTT_PORT)
                .buildAsync();
        try {
            client.connect().get(10, TimeUnit.SECONDS);
            client.subscribeWith()
                    .topicFilter(NativeProtocol.commandTopic(TestServers.MQTT_TOPIC_PREFIX, device))
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .callback(publish -> received.add(publish.getPayloadAsBytes()))
                    .send()
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot subscribe to the commands of " + device, e);
        }
    }

    /** The next message the platform sent on the commands topic, as received (signed bytes). */
    public byte[] nextMessage(Duration timeout) {
        try {
            byte[] message = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                throw new AssertionError("no message on the commands topic of " + device + " within " + timeout);
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next message, verified under {@code key} as the device does; fails the test if it does not verify. */
    public Downlink next(byte[] key) {
        return verify(nextMessage(Duration.ofSeconds(15)), key);
    }

    /** Verifies a message from the platform under {@code key} as the device does; fails the test if it does not. */
    public Downlink verify(byte[] message, byte[] key) {
        DownlinkResult result = isCompact(message)
                ? CompactCodec.decodeDownlink(message, device, key)
                : JsonMessageCodec.decodeDownlink(message, device, key);
        if (result instanceof DownlinkResult.Accepted accepted) {
            return accepted.message();
        }
        throw new AssertionError("the platform's message does not verify as the device's: " + result);
    }

    /** Whether nothing more arrives within {@code wait}. */
    public boolean quietFor(Duration wait) throws InterruptedException {
        return received.poll(wait.toMillis(), TimeUnit.MILLISECONDS) == null;
    }

    public static boolean isCompact(byte[] message) {
        return message.length > 0 && CompactProtocol.isCompactTypeByte(message[0] & 0xff);
    }

    /** Publishes a signed acknowledgement to the device's acks topic. */
    public void publishAck(byte[] ack) {
        publish(NativeProtocol.ackTopic(TestServers.MQTT_TOPIC_PREFIX, device), ack);
    }

    /** Publishes a signed report, batch or time request to the device's reports topic. */
    public void publishReport(byte[] message) {
        publish(NativeProtocol.reportTopic(TestServers.MQTT_TOPIC_PREFIX, device), message);
    }

    private void publish(String topic, byte[] payload) {
        try {
            client.publishWith()
                    .topic(topic)
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(payload)
                    .send()
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + topic, e);
        }
    }

    @Override
    public void close() {
        client.disconnect();
    }
}
