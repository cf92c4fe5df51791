package org.openects.server.ingress.internal;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.openects.codec.DecodeContext;
import org.openects.codec.FrameCodec;
import org.openects.codec.openects.NativeProtocol;
import org.openects.domain.Channel;
import org.openects.domain.DeviceId;
import org.openects.server.ingress.IngressProperties;
import org.openects.server.ingress.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Subscribes to {@code {prefix}/devices/+/reports} and {@code {prefix}/devices/+/acks} at QoS 1 on the configured
 * broker ({@link MqttSubscriber}), with a persistent session and acknowledgement after archiving: the broker keeps a
 * message until the ingest pipeline has archived it, and keeps queueing messages while the platform is down or
 * behind. Reconnects by itself when the broker goes away. A time request is answered on the device's commands topic
 * ({@link MqttDownlink}).
 */
@Component
class MqttIngress implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MqttIngress.class);

    private final MqttProperties properties;
    private final int archivePrefixBytes;
    private final IngestPipeline pipeline;
    private @Nullable MqttSubscriber subscriber;

    private final FrameCodec codec;
    private final MqttDownlink downlink;

    MqttIngress(
            MqttProperties properties,
            IngressProperties ingress,
            IngestPipeline pipeline,
            NativeCodecs codecs,
            MqttDownlink downlink) {
        this.properties = properties;
        this.archivePrefixBytes = ingress.archivePrefixBytes();
        this.pipeline = pipeline;
        this.codec = codecs.openects();
        this.downlink = downlink;
    }

    @Override
    public void start() {
        String prefix = properties.topicPrefix();
        // One stable client id (configured, or one per topic prefix), so that the broker keeps this subscriber's
        // session across restarts.
        String clientId = properties.subscriberClientId();
        MqttTls tls = MqttTls.of(properties.tls());
        MqttSubscriber s = new MqttSubscriber(
                properties.brokerHost(),
                properties.brokerPort(),
                clientId,
                properties.username(),
                properties.password(),
                List.of(prefix + "/devices/+/reports", NativeProtocol.ackTopicFilter(prefix)),
                30,
                properties.maxUnacknowledged(),
                properties.maxMessageBytes(),
                archivePrefixBytes,
                tls == null ? null : tls.nettyContext(),
                this::offer,
                filters -> log.info(
                        "Subscribed to MQTT {}:{} on {}", properties.brokerHost(), properties.brokerPort(), filters));
        subscriber = s;
        s.start();
    }

    private boolean offer(MqttSubscriber.Delivery delivery) {
        String topic = delivery.topic();
        String device = deviceSegment(topic);
        IngestCallback callback = (outcome, reason, detail, reply) -> {
            delivery.acknowledge();
            if (reply != null && DeviceId.isValid(device)) {
                downlink.publish(DeviceId.of(device), reply); // a time response
            }
        };
        InboundMessage.Oversized oversized = delivery.oversized();
        if (oversized != null) {
            // Over ects.mqtt.max-message-bytes: archived as OVERSIZED and acknowledged like any other.
            return pipeline.tryOffer(InboundMessage.oversized(
                    delivery.payload(),
                    oversized,
                    "MQTT",
                    topic,
                    device,
                    delivery.receivedAt(),
                    codec,
                    sessionOf(device, delivery.receivedAt()),
                    callback));
        }
        return pipeline.tryOffer(new InboundMessage(
                delivery.payload(),
                "MQTT",
                topic,
                device,
                delivery.receivedAt(),
                codec,
                sessionOf(device, delivery.receivedAt()),
                callback));
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
        MqttSubscriber s = subscriber;
        if (s != null) {
            s.stop();
            subscriber = null;
        }
    }

    @Override
    public boolean isRunning() {
        return subscriber != null;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }
}
