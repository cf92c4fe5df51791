package org.openects.server.ingress.internal;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openects.codec.DecodeContext;
import org.openects.codec.FrameCodec;
import org.openects.codec.openects.NativeProtocol;
import org.openects.domain.Channel;
import org.openects.domain.DeviceId;
import org.openects.server.ingress.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Subscribes to {@code {prefix}/devices/+/reports} and {@code {prefix}/devices/+/acks} at QoS 1 on the configured
 * broker, with a persistent session and manual acknowledgement: the broker keeps a message until the ingest pipeline
 * has archived it, and keeps queueing messages while the platform is down. Reconnects by itself when the broker goes
 * away. A time request is answered on the device's commands topic ({@link MqttDownlink}).
 */
@Component
class MqttIngress implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MqttIngress.class);

    private final MqttProperties properties;
    private final IngestPipeline pipeline;
    private @Nullable Mqtt3AsyncClient client;

    private final FrameCodec codec;
    private final MqttDownlink downlink;

    MqttIngress(MqttProperties properties, IngestPipeline pipeline, NativeCodecs codecs, MqttDownlink downlink) {
        this.properties = properties;
        this.pipeline = pipeline;
        this.codec = codecs.openects();
        this.downlink = downlink;
    }

    @Override
    public void start() {
        String filter = properties.topicPrefix() + "/devices/+/reports";
        String acks = NativeProtocol.ackTopicFilter(properties.topicPrefix());
        // One stable client id per topic prefix, so that the broker keeps this subscriber's session across restarts.
        String clientId = "openects-ingress-"
                + UUID.nameUUIDFromBytes(properties.topicPrefix().getBytes(StandardCharsets.UTF_8))
                        .toString()
                        .substring(0, 8);
        Mqtt3ClientBuilder builder = Mqtt3Client.builder()
                .identifier(clientId)
                .serverHost(properties.host())
                .serverPort(properties.port())
                .automaticReconnect()
                .initialDelay(200, TimeUnit.MILLISECONDS)
                .maxDelay(10, TimeUnit.SECONDS)
                .applyAutomaticReconnect()
                .addConnectedListener(context -> log.info(
                        "Subscribed to MQTT {}:{} on {} and {}", properties.host(), properties.port(), filter, acks))
                .addDisconnectedListener(context -> log.warn(
                        "MQTT connection to {}:{} lost: {}; reconnecting",
                        properties.host(),
                        properties.port(),
                        context.getCause().getMessage()));
        if (!properties.username().isEmpty()) {
            builder = builder.simpleAuth()
                    .username(properties.username())
                    .password(properties.password().getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth();
        }
        Mqtt3AsyncClient async = builder.buildAsync();
        async.publishes(MqttGlobalPublishFilter.SUBSCRIBED, this::onPublish, true);
        client = async;
        async.connectWith()
                .cleanSession(false)
                .keepAlive(30)
                .send()
                .thenCompose(ack -> async.subscribeWith()
                        .addSubscription()
                        .topicFilter(filter)
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .applySubscription()
                        .addSubscription()
                        .topicFilter(acks)
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .applySubscription()
                        .send())
                .whenComplete((ack, failure) -> {
                    if (failure != null) {
                        log.warn(
                                "MQTT broker {}:{} not reachable yet ({}); retrying in the background",
                                properties.host(),
                                properties.port(),
                                failure.getMessage());
                    }
                });
    }

    private void onPublish(Mqtt3Publish publish) {
        Instant receivedAt = Instant.now();
        String topic = publish.getTopic().toString();
        byte[] payload = publish.getPayloadAsBytes();
        String device = deviceSegment(topic);
        try {
            pipeline.offer(new InboundMessage(
                    payload,
                    "MQTT",
                    topic,
                    device,
                    receivedAt,
                    codec,
                    sessionOf(device, receivedAt),
                    (outcome, reason, detail, reply) -> {
                        publish.acknowledge();
                        if (reply != null && DeviceId.isValid(device)) {
                            downlink.publish(DeviceId.of(device), reply); // a time response
                        }
                    }));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Compact messages carry no device id: the topic names the device. */
    private static DecodeContext sessionOf(String device, Instant receivedAt) {
        DecodeContext context = new DecodeContext(receivedAt, Channel.CELLULAR);
        if (DeviceId.isValid(device)) {
            context.sessionDevice(DeviceId.of(device));
        }
        return context;
    }

    /** The {@code {deviceId}} segment of {@code {prefix}/devices/{deviceId}/reports}. */
    static String deviceSegment(String topic) {
        int end = topic.lastIndexOf('/');
        int start = end > 0 ? topic.lastIndexOf('/', end - 1) : -1;
        return start >= 0 && end > start ? topic.substring(start + 1, end) : topic;
    }

    @Override
    public void stop() {
        Mqtt3AsyncClient c = client;
        if (c != null) {
            try {
                c.disconnect().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.debug("MQTT disconnect: {}", e.getMessage());
            }
            client = null;
        }
    }

    @Override
    public boolean isRunning() {
        return client != null;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }
}
