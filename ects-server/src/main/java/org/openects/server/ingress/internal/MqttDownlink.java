package org.openects.server.ingress.internal;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openects.codec.openects.NativeProtocol;
import org.openects.domain.DeviceId;
import org.openects.server.ingress.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The platform's own MQTT connection for what it sends to devices: commands and time responses, each to {@code
 * {prefix}/devices/{deviceId}/commands} at QoS 1, never retained. Kept apart from the subscription ({@link
 * MqttIngress}) so that publishing never waits behind the intake. Reconnects by itself; what is published while the
 * broker is away waits in the client and goes out on reconnection.
 */
@Component
class MqttDownlink implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MqttDownlink.class);

    private final MqttProperties properties;
    private volatile @Nullable Mqtt3AsyncClient client;

    MqttDownlink(MqttProperties properties) {
        this.properties = properties;
    }

    @Override
    public void start() {
        Mqtt3ClientBuilder builder = Mqtt3Client.builder()
                .identifier(properties.subscriberClientId() + "-downlink-"
                        + UUID.randomUUID().toString().substring(0, 8))
                .serverHost(properties.brokerHost())
                .serverPort(properties.brokerPort())
                .automaticReconnect()
                .initialDelay(200, TimeUnit.MILLISECONDS)
                .maxDelay(10, TimeUnit.SECONDS)
                .applyAutomaticReconnect()
                .addConnectedListener(context ->
                        log.info("Downlink connected to MQTT {}:{}", properties.brokerHost(), properties.brokerPort()));
        MqttTls tls = MqttTls.of(properties.tls());
        if (tls != null) {
            builder = builder.sslConfig()
                    .trustManagerFactory(tls.trust())
                    .keyManagerFactory(tls.keys())
                    .applySslConfig();
        }
        boolean ownAccount = !properties.downlinkUsername().isEmpty();
        String username = ownAccount ? properties.downlinkUsername() : properties.username();
        String password = ownAccount ? properties.downlinkPassword() : properties.password();
        if (!username.isEmpty()) {
            builder = builder.simpleAuth()
                    .username(username)
                    .password(password.getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth();
        }
        Mqtt3AsyncClient async = builder.buildAsync();
        client = async;
        async.connectWith().cleanSession(true).keepAlive(30).send().whenComplete((ack, failure) -> {
            if (failure != null) {
                log.warn(
                        "Downlink: MQTT broker {}:{} not reachable yet ({}); retrying in the background",
                        properties.brokerHost(),
                        properties.brokerPort(),
                        failure.getMessage());
            }
        });
    }

    /** Publishes a signed downlink message to the device's commands topic; completes on the broker's PUBACK. */
    CompletableFuture<Void> publish(DeviceId device, byte[] message) {
        Mqtt3AsyncClient c = client;
        if (c == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("the MQTT downlink is not running"));
        }
        return c.publishWith()
                .topic(NativeProtocol.commandTopic(properties.topicPrefix(), device))
                .qos(MqttQos.AT_LEAST_ONCE)
                .retain(false)
                .payload(message)
                .send()
                .thenApply(publish -> null);
    }

    @Override
    public void stop() {
        Mqtt3AsyncClient c = client;
        client = null;
        if (c != null) {
            try {
                c.disconnect().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.debug("MQTT downlink disconnect: {}", e.getMessage());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return client != null;
    }

    @Override
    public int getPhase() {
        // After the embedded broker, before the subscription (whose time requests it answers); stops after it.
        return Integer.MAX_VALUE - 200;
    }
}
