package org.openects.server.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openects.server.support.Eventually;

/**
 * The broker configuration docs/operations.md gives ("Broker accounts, ACL and TLS"), on a Mosquitto of this test's
 * own: the ACL file is read from the document itself, so that what is documented is what is proved. A device account
 * that asks for the platform's client id does not take the platform's session over, a device cannot publish for
 * another device, and a device reads only its own commands.
 */
class BrokerAclIT {

    private static final String PREFIX = "ects/v0";
    private static TlsMosquitto broker;

    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger subscriptions = new AtomicInteger();

    @BeforeAll
    static void brokerAsDocumented() throws IOException {
        TlsMosquitto.requireMosquitto();
        String operations = Files.readString(Path.of("..", "docs", "operations.md"));
        String acl = codeBlockStartingWith(operations, "# /etc/mosquitto/openects.acl");
        String conf = codeBlockStartingWith(operations, "# /etc/mosquitto/conf.d/openects.conf");
        List<String> settings = List.of("allow_anonymous false", "use_username_as_clientid true");
        for (String setting : settings) {
            assertThat(conf).as("the documented configuration").contains(setting + "\n");
        }
        Path dir = Files.createTempDirectory("ects-acl-broker");
        Files.writeString(dir.resolve("openects.acl"), acl);
        TlsMosquitto.run(dir, "mosquitto_passwd -c -b openects.passwd openects-ingress ingress-secret");
        TlsMosquitto.run(dir, "mosquitto_passwd -b openects.passwd openects-downlink downlink-secret");
        TlsMosquitto.run(dir, "mosquitto_passwd -b openects.passwd ESEAL-1 seal-one-secret");
        TlsMosquitto.run(dir, "mosquitto_passwd -b openects.passwd ESEAL-2 seal-two-secret");
        broker = TlsMosquitto.run(
                dir,
                List.of(
                        settings.get(0),
                        settings.get(1),
                        "password_file " + dir.resolve("openects.passwd"),
                        "acl_file " + dir.resolve("openects.acl")));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void aDeviceCannotTakeOverThePlatformsSessionNorPublishForAnotherDevice() {
        MqttSubscriber platform = platform();
        try {
            // A device account asking for the platform's client id (the one it asks for, and the one the broker gives
            // it: its user name) gets its own user name as id instead.
            client("openects-ingress", "ESEAL-1", "seal-one-secret").disconnect();
            Mqtt3BlockingClient device = client("openects-ingress-platform", "ESEAL-1", "seal-one-secret");
            device.publishWith()
                    .topic(PREFIX + "/devices/ESEAL-2/reports")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload("forged for ESEAL-2".getBytes(StandardCharsets.UTF_8))
                    .send();
            device.publishWith()
                    .topic(PREFIX + "/devices/ESEAL-1/reports")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload("own".getBytes(StandardCharsets.UTF_8))
                    .send();

            Eventually.await(
                    Duration.ofSeconds(10), "the device's own report", () -> received.contains("own") ? true : null);
            sleep(300);
            assertThat(received).containsExactly("own");
            assertThat(platform.isConnected()).isTrue();
            assertThat(subscriptions.get())
                    .as("the platform never had to reconnect")
                    .isEqualTo(1);
            device.disconnect();
        } finally {
            platform.stop();
        }
    }

    @Test
    void aDeviceReadsOnlyItsOwnCommands() throws Exception {
        Mqtt3BlockingClient device = client("ESEAL-1", "ESEAL-1", "seal-one-secret");
        List<String> commands = new CopyOnWriteArrayList<>();
        device.toAsync()
                .subscribeWith()
                .topicFilter(PREFIX + "/devices/+/commands")
                .qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> commands.add(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)))
                .send()
                .get(10, TimeUnit.SECONDS);
        Mqtt3BlockingClient downlink =
                client("openects-downlink-" + UUID.randomUUID(), "openects-downlink", "downlink-secret");
        for (String seal : List.of("ESEAL-2", "ESEAL-1")) {
            downlink.publishWith()
                    .topic(PREFIX + "/devices/" + seal + "/commands")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(("for " + seal).getBytes(StandardCharsets.UTF_8))
                    .send();
        }

        Eventually.await(Duration.ofSeconds(10), "its own command", () -> commands.isEmpty() ? null : true);
        sleep(300);
        assertThat(commands).containsExactly("for ESEAL-1");
        downlink.disconnect();
        device.disconnect();
    }

    private MqttSubscriber platform() {
        MqttSubscriber s = new MqttSubscriber(
                "127.0.0.1",
                broker.port,
                "openects-ingress-platform",
                "openects-ingress",
                "ingress-secret",
                List.of(PREFIX + "/devices/+/reports"),
                30,
                1_000,
                65_536,
                4096,
                null,
                delivery -> {
                    received.add(new String(delivery.payload(), StandardCharsets.UTF_8));
                    delivery.acknowledge();
                    return true;
                },
                filters -> subscriptions.incrementAndGet());
        s.start();
        Eventually.await(
                Duration.ofSeconds(10), "the platform's subscription", () -> subscriptions.get() > 0 ? true : null);
        return s;
    }

    private static Mqtt3BlockingClient client(String clientId, String username, String password) {
        Mqtt3BlockingClient client = Mqtt3Client.builder()
                .identifier(clientId)
                .serverHost("127.0.0.1")
                .serverPort(broker.port)
                .simpleAuth()
                .username(username)
                .password(password.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .buildBlocking();
        client.connect();
        return client;
    }

    /** The fenced code block of {@code markdown} whose first line is {@code firstLine}. */
    private static String codeBlockStartingWith(String markdown, String firstLine) {
        int start = markdown.indexOf("```\n" + firstLine + "\n");
        assertThat(start).as("a code block starting with " + firstLine).isNotNegative();
        int from = start + 4;
        return markdown.substring(from, markdown.indexOf("```", from));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
