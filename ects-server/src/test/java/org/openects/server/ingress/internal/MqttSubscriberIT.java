package org.openects.server.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openects.server.support.Eventually;
import org.openects.server.support.TestServers;

/**
 * The ingest subscription against the real Mosquitto: a message counts as delivered to the platform only once it is
 * acknowledged after archiving, acknowledgements go out in arrival order, and a slow archive holds the broker back
 * instead of breaking the connection.
 */
class MqttSubscriberIT {

    /** The platform's default ects.mqtt.max-message-bytes and ects.ingress.archive-prefix-bytes. */
    private static final int MAX_MESSAGE_BYTES = 65_536;

    private static final int PREFIX_BYTES = 4096;

    private final String prefix = "ects-subscriber-it/" + UUID.randomUUID();
    private final AtomicInteger connections = new AtomicInteger();
    private final String clientId =
            "ects-subscriber-it-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<MqttSubscriber.Delivery> received = new CopyOnWriteArrayList<>();
    private final AtomicBoolean accepting = new AtomicBoolean(true);
    private Mqtt3BlockingClient device;
    private MqttSubscriber subscriber;

    @BeforeEach
    void connectDevice() {
        TestServers.requireMqtt();
        device = Mqtt3Client.builder()
                .identifier("ects-subscriber-it-device-" + UUID.randomUUID())
                .serverHost(TestServers.MQTT_HOST)
                .serverPort(TestServers.MQTT_PORT)
                .buildBlocking();
        device.connect();
    }

    @AfterEach
    void cleanUp() {
        if (subscriber != null) {
            subscriber.stop();
        }
        // End the persistent session this test created, so that the broker keeps nothing for it.
        Mqtt3BlockingClient cleaner = Mqtt3Client.builder()
                .identifier(clientId)
                .serverHost(TestServers.MQTT_HOST)
                .serverPort(TestServers.MQTT_PORT)
                .buildBlocking();
        cleaner.connectWith().cleanSession(true).send();
        cleaner.disconnect();
        device.disconnect();
    }

    private MqttSubscriber subscribe(int maxUnacknowledged) {
        AtomicBoolean subscribed = new AtomicBoolean();
        MqttSubscriber s = new MqttSubscriber(
                TestServers.MQTT_HOST,
                TestServers.MQTT_PORT,
                clientId,
                "",
                "",
                List.of(prefix + "/devices/+/reports"),
                30,
                maxUnacknowledged,
                MAX_MESSAGE_BYTES,
                PREFIX_BYTES,
                null,
                delivery -> accepting.get() && received.add(delivery),
                filters -> {
                    connections.incrementAndGet();
                    subscribed.set(true);
                });
        s.start();
        Eventually.await(Duration.ofSeconds(10), "the subscription", () -> subscribed.get() ? true : null);
        return s;
    }

    private void publish(int n) {
        for (int i = 0; i < n; i++) {
            device.publishWith()
                    .topic(prefix + "/devices/SEAL-" + (i % 3) + "/reports")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(("message " + i).getBytes(StandardCharsets.UTF_8))
                    .send();
        }
    }

    private List<String> payloads() {
        return received.stream()
                .map(d -> new String(d.payload(), StandardCharsets.UTF_8))
                .toList();
    }

    @Test
    void deliversInOrderWithTopicAndTime() {
        subscriber = subscribe(1_000);
        publish(5);
        Eventually.await(Duration.ofSeconds(10), "5 messages", () -> received.size() >= 5 ? true : null);
        assertThat(payloads()).containsExactly("message 0", "message 1", "message 2", "message 3", "message 4");
        assertThat(received.getFirst().topic()).isEqualTo(prefix + "/devices/SEAL-0/reports");
        assertThat(received.getFirst().receivedAt()).isNotNull();
        received.forEach(MqttSubscriber.Delivery::acknowledge);
    }

    @Test
    void whatWasNotAcknowledgedComesBackAfterARestartAndWhatWasDoesNot() {
        subscriber = subscribe(1_000);
        publish(4);
        Eventually.await(Duration.ofSeconds(10), "4 messages", () -> received.size() >= 4 ? true : null);
        // Archived: the first two. The fourth is archived too, but its acknowledgement must wait for the third's
        // (arrival order), so the broker still owes the third and the fourth.
        received.get(0).acknowledge();
        received.get(1).acknowledge();
        received.get(3).acknowledge();
        sleep(500); // let the acknowledgements reach the broker
        subscriber.stop();
        received.clear();

        subscriber = subscribe(1_000);
        Eventually.await(Duration.ofSeconds(10), "2 messages again", () -> received.size() >= 2 ? true : null);
        assertThat(payloads()).containsExactly("message 2", "message 3");
        received.forEach(MqttSubscriber.Delivery::acknowledge);
        sleep(300);
        assertThat(payloads()).containsExactly("message 2", "message 3");
    }

    @Test
    void aFullWindowPausesReadingInsteadOfBreakingTheConnection() {
        subscriber = subscribe(5);
        publish(15);
        // Mosquitto may have sent more than five before the pause took effect; the rest waits at the broker.
        Eventually.await(Duration.ofSeconds(10), "the first 5", () -> received.size() >= 5 ? true : null);
        sleep(500);
        int heldBack = received.size();
        assertThat(heldBack).isLessThan(15);
        assertThat(subscriber.isConnected()).isTrue();
        // The archive catches up: everything arrives, in order, on the same connection.
        for (int round = 0; round < 20 && received.size() < 15; round++) {
            received.forEach(MqttSubscriber.Delivery::acknowledge);
            sleep(200);
        }
        received.forEach(MqttSubscriber.Delivery::acknowledge);
        assertThat(received).hasSize(15);
        assertThat(payloads())
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 15)
                        .mapToObj(i -> "message " + i)
                        .toList());
        assertThat(subscriber.isConnected()).isTrue();
    }

    @Test
    void aPipelineThatRefusesHoldsTheMessageAndOffersItAgain() {
        subscriber = subscribe(1_000);
        accepting.set(false);
        publish(3);
        sleep(500);
        assertThat(received).isEmpty();
        accepting.set(true);
        Eventually.await(Duration.ofSeconds(10), "3 messages", () -> received.size() >= 3 ? true : null);
        assertThat(payloads()).containsExactly("message 0", "message 1", "message 2");
        received.forEach(MqttSubscriber.Delivery::acknowledge);
    }

    /**
     * A message over the size limit, even one far over what the MQTT decoder would hold (17 MiB), comes through as its
     * digest, length and first bytes, is acknowledged like any other, and the next message arrives on the same
     * session: no reconnect, and nothing comes back after a restart.
     */
    @Test
    void anOversizedMessageIsDeliveredAsItsDigestAndPrefixAndTheSessionGoesOn() throws Exception {
        subscriber = subscribe(1_000);
        byte[] huge = new byte[17 * 1024 * 1024];
        new java.util.Random(7).nextBytes(huge);
        device.publishWith()
                .topic(prefix + "/devices/SEAL-BIG/reports")
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(huge)
                .send();
        publish(1);

        Eventually.await(Duration.ofSeconds(30), "2 messages", () -> received.size() >= 2 ? true : null);
        MqttSubscriber.Delivery big = received.get(0);
        assertThat(big.topic()).isEqualTo(prefix + "/devices/SEAL-BIG/reports");
        assertThat(big.oversized()).isNotNull();
        assertThat(big.oversized().length()).isEqualTo(huge.length);
        assertThat(big.oversized().digest())
                .isEqualTo(java.security.MessageDigest.getInstance("SHA-256").digest(huge));
        assertThat(big.payload()).isEqualTo(java.util.Arrays.copyOf(huge, PREFIX_BYTES));
        assertThat(received.get(1).oversized()).isNull();
        assertThat(new String(received.get(1).payload(), StandardCharsets.UTF_8))
                .isEqualTo("message 0");
        received.forEach(MqttSubscriber.Delivery::acknowledge);
        sleep(500);
        assertThat(subscriber.isConnected()).isTrue();
        assertThat(connections.get()).isEqualTo(1);

        subscriber.stop();
        received.clear();
        subscriber = subscribe(1_000);
        sleep(500);
        assertThat(received)
                .as("both were acknowledged: the broker owes nothing")
                .isEmpty();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
