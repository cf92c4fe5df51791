package org.openects.server.ingress.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A minimal MQTT 3.1.1 subscriber on Netty, written for the ingest path's one need: take QoS 1 messages at a high rate
 * and acknowledge each one only once it is archived, without ever refusing the broker's flow.
 *
 * <ul>
 *   <li>Persistent session (clean session off) with a stable client id, so that the broker keeps queueing while the
 *       platform is down and resends what was never acknowledged.
 *   <li>{@code PUBACK}s go out in the order the messages arrived (MQTT 3.1.1 section 4.6), each as soon as it and every
 *       message before it are archived; the caller acknowledges from any thread.
 *   <li>Flow control by back-pressure: when more than {@code maxUnacknowledged} messages wait for their archive, or the
 *       pipeline will not take a message, the subscriber stops reading the socket and TCP holds the broker back. It
 *       never drops the connection for being sent too much.
 *   <li>Keep-alive pings; a connection silent for 1.5 keep-alive periods is closed as half-open; reconnects with
 *       back-off. Acknowledgements for a connection that has gone are dropped: the broker resends those messages on
 *       the next connection and the pipeline recognises them (replayed counter, or duplicate reading).
 *   <li>A message whose payload is over {@code maxMessageBytes} is never held whole nor given to the MQTT decoder
 *       ({@link OversizedPublishFilter}): it is delivered as its digest, length and first bytes, to be archived as
 *       oversized and acknowledged like any other, so that it cannot break the session into a reconnect loop.
 *   <li>TLS when given an {@link SslContext}; the broker's certificate must name the host connected to.
 * </ul>
 */
final class MqttSubscriber {

    private static final Logger log = LoggerFactory.getLogger(MqttSubscriber.class);
    private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    /** One received QoS 1 message, to be acknowledged once archived. */
    interface Delivery {
        String topic();

        byte[] payload();

        Instant receivedAt();

        /** Acknowledges the message to the broker (once; from any thread). */
        void acknowledge();

        /** Set when the message was over the size limit: {@link #payload()} is then only its first bytes. */
        InboundMessage.@Nullable Oversized oversized();
    }

    /**
     * Where deliveries go. Must not block: {@code false} means "not now", and the subscriber pauses the socket and
     * offers the same delivery again shortly.
     */
    interface Sink {
        boolean offer(Delivery delivery);
    }

    private final String host;
    private final int port;
    private final String clientId;
    private final String username;
    private final String password;
    private final List<String> filters;
    private final int keepAliveSeconds;
    private final int maxUnacknowledged;
    private final int maxMessageBytes;
    private final int prefixBytes;
    private final @Nullable SslContext ssl;
    private final Sink sink;
    private final Consumer<String> onSubscribed;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private volatile boolean running;
    private volatile @Nullable Channel channel;
    private long reconnectDelayMillis = 200;

    MqttSubscriber(
            String host,
            int port,
            String clientId,
            String username,
            String password,
            List<String> filters,
            int keepAliveSeconds,
            int maxUnacknowledged,
            int maxMessageBytes,
            int prefixBytes,
            @Nullable SslContext ssl,
            Sink sink,
            Consumer<String> onSubscribed) {
        this.host = host;
        this.port = port;
        this.clientId = clientId;
        this.username = username;
        this.password = password;
        this.filters = List.copyOf(filters);
        this.keepAliveSeconds = keepAliveSeconds;
        this.maxUnacknowledged = maxUnacknowledged;
        this.maxMessageBytes = maxMessageBytes;
        this.prefixBytes = prefixBytes;
        this.ssl = ssl;
        this.sink = sink;
        this.onSubscribed = onSubscribed;
    }

    void start() {
        running = true;
        connect();
    }

    /** Disconnects cleanly (waiting at most a few seconds) and stops reconnecting. */
    void stop() {
        running = false;
        Channel c = channel;
        if (c != null && c.isActive()) {
            try {
                c.writeAndFlush(new MqttMessage(
                                new MqttFixedHeader(MqttMessageType.DISCONNECT, false, MqttQoS.AT_MOST_ONCE, false, 0)))
                        .await(2, TimeUnit.SECONDS);
                c.close().await(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    boolean isConnected() {
        Channel c = channel;
        return c != null && c.isActive();
    }

    private void connect() {
        if (!running) {
            return;
        }
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (ssl != null) {
                            ch.pipeline().addLast(ssl.newHandler(ch.alloc(), host, port));
                        }
                        ch.pipeline()
                                .addLast(new IdleStateHandler(keepAliveSeconds * 3 / 2, keepAliveSeconds, 0))
                                .addLast(new OversizedPublishFilter(maxMessageBytes, prefixBytes))
                                .addLast(new MqttDecoder(OversizedPublishFilter.maxPacketBytes(maxMessageBytes)))
                                .addLast(MqttEncoder.INSTANCE)
                                .addLast(new Session());
                    }
                });
        bootstrap.connect(host, port).addListener((ChannelFuture future) -> {
            if (!future.isSuccess()) {
                log.warn(
                        "MQTT broker {}:{} not reachable ({}); retrying in {} ms",
                        host,
                        port,
                        future.cause() == null ? "refused" : future.cause().getMessage(),
                        reconnectDelayMillis);
                scheduleReconnect();
            }
        });
    }

    private void scheduleReconnect() {
        if (!running || group.isShuttingDown()) {
            return;
        }
        long delay = reconnectDelayMillis;
        reconnectDelayMillis = Math.min(reconnectDelayMillis * 2, 10_000);
        group.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    /** The state of one connection; all of it is touched only on the connection's event loop. */
    private final class Session extends SimpleChannelInboundHandler<MqttMessage> {

        private final ArrayDeque<Pending> unacknowledged = new ArrayDeque<>();
        private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
        private @Nullable ChannelHandlerContext ctx;
        private boolean retryScheduled;
        private final AtomicBoolean flushScheduled = new AtomicBoolean();

        /** A message between its arrival and its PUBACK. */
        private final class Pending implements Delivery {
            final int packetId;
            final String topic;
            final byte[] payload;
            final Instant receivedAt;
            final InboundMessage.@Nullable Oversized oversized;
            volatile boolean archived;

            Pending(
                    int packetId,
                    String topic,
                    byte[] payload,
                    Instant receivedAt,
                    InboundMessage.@Nullable Oversized oversized) {
                this.packetId = packetId;
                this.topic = topic;
                this.payload = payload;
                this.receivedAt = receivedAt;
                this.oversized = oversized;
            }

            @Override
            public InboundMessage.@Nullable Oversized oversized() {
                return oversized;
            }

            @Override
            public String topic() {
                return topic;
            }

            @Override
            public byte[] payload() {
                return payload;
            }

            @Override
            public Instant receivedAt() {
                return receivedAt;
            }

            @Override
            public void acknowledge() {
                archived = true;
                ChannelHandlerContext c = ctx;
                // One flush task for a whole batch of acknowledgements, not one per message.
                if (c != null && flushScheduled.compareAndSet(false, true)) {
                    c.executor().execute(Session.this::flushAcknowledgements);
                }
            }
        }

        @Override
        public void channelActive(ChannelHandlerContext context) {
            this.ctx = context;
            channel = context.channel();
            var connect = MqttMessageBuilders.connect()
                    .clientId(clientId)
                    .protocolVersion(MqttVersion.MQTT_3_1_1)
                    .cleanSession(false)
                    .keepAlive(keepAliveSeconds);
            if (!username.isEmpty()) {
                connect.hasUser(true).username(username);
                if (!password.isEmpty()) {
                    connect.hasPassword(true).password(password.getBytes(StandardCharsets.UTF_8));
                }
            }
            context.writeAndFlush(connect.build());
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) throws Exception {
            if (message instanceof OversizedPublishFilter.OversizedPublish o) {
                log.debug(
                        "MQTT message of {} bytes on {} over the limit of {}", o.length(), o.topic(), maxMessageBytes);
                received(
                        context,
                        new Pending(
                                o.packetId(),
                                o.topic(),
                                o.prefix(),
                                Instant.now(),
                                new InboundMessage.Oversized(o.length(), o.digest())),
                        o.qos() == 0);
            } else {
                super.channelRead(context, message);
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext context, MqttMessage message) {
            if (message.decoderResult().isFailure()) {
                log.warn(
                        "MQTT broker {}:{} sent a packet that does not decode ({}); reconnecting",
                        host,
                        port,
                        message.decoderResult().cause().getMessage());
                context.close();
                return;
            }
            switch (message.fixedHeader().messageType()) {
                case CONNACK -> connected(context, (MqttConnAckMessage) message);
                case SUBACK -> subscribed(context, (MqttSubAckMessage) message);
                case PUBLISH -> received(context, (MqttPublishMessage) message);
                case PINGRESP -> {}
                default -> log.debug("MQTT: ignoring {}", message.fixedHeader().messageType());
            }
        }

        private void connected(ChannelHandlerContext context, MqttConnAckMessage ack) {
            MqttConnectReturnCode code = ack.variableHeader().connectReturnCode();
            if (code != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                log.warn("MQTT broker {}:{} refused the connection: {}", host, port, code);
                context.close();
                return;
            }
            var subscribe = MqttMessageBuilders.subscribe().messageId(1);
            for (String filter : filters) {
                subscribe.addSubscription(MqttQoS.AT_LEAST_ONCE, filter);
            }
            context.writeAndFlush(subscribe.build());
        }

        private void subscribed(ChannelHandlerContext context, MqttSubAckMessage ack) {
            for (int granted : ack.payload().grantedQoSLevels()) {
                if (granted == MqttQoS.FAILURE.value()) {
                    log.error("MQTT broker {}:{} refused the subscription to {}", host, port, filters);
                    context.close();
                    return;
                }
            }
            reconnectDelayMillis = 200;
            onSubscribed.accept(String.join(", ", filters));
        }

        private void received(ChannelHandlerContext context, MqttPublishMessage publish) {
            Instant now = Instant.now();
            ByteBuf content = publish.content();
            byte[] payload = ByteBufUtil.getBytes(content);
            String topic = publish.variableHeader().topicName();
            MqttQoS qos = publish.fixedHeader().qosLevel();
            received(
                    context,
                    new Pending(publish.variableHeader().packetId(), topic, payload, now, null),
                    qos == MqttQoS.AT_MOST_ONCE);
        }

        private void received(ChannelHandlerContext context, Pending pending, boolean atMostOnce) {
            if (atMostOnce) {
                pending.archived = true; // nothing to acknowledge
            } else {
                unacknowledged.add(pending);
            }
            if (!waiting.isEmpty() || !sink.offer(pending)) {
                waiting.add(pending);
                pause(context);
            } else if (unacknowledged.size() >= maxUnacknowledged) {
                pause(context);
            }
        }

        /** Stops reading the socket; resumed once the pipeline takes what waits and acknowledgements drain. */
        private void pause(ChannelHandlerContext context) {
            context.channel().config().setAutoRead(false);
            if (!retryScheduled) {
                retryScheduled = true;
                context.executor().schedule(this::retry, RETRY_NANOS, TimeUnit.NANOSECONDS);
            }
        }

        private void retry() {
            retryScheduled = false;
            ChannelHandlerContext context = ctx;
            if (context == null || !context.channel().isActive()) {
                return;
            }
            while (!waiting.isEmpty() && sink.offer(waiting.peek())) {
                waiting.poll();
            }
            if (waiting.isEmpty() && unacknowledged.size() < maxUnacknowledged / 2) {
                context.channel().config().setAutoRead(true);
                context.read();
            } else {
                pause(context);
            }
        }

        /** Sends the PUBACKs of the archived messages at the head of the arrival order. */
        private void flushAcknowledgements() {
            flushScheduled.set(false);
            ChannelHandlerContext context = ctx;
            if (context == null || !context.channel().isActive()) {
                return;
            }
            boolean wrote = false;
            while (!unacknowledged.isEmpty() && unacknowledged.peek().archived) {
                Pending done = unacknowledged.poll();
                context.write(new MqttMessage(
                        new MqttFixedHeader(MqttMessageType.PUBACK, false, MqttQoS.AT_MOST_ONCE, false, 2),
                        MqttMessageIdVariableHeader.from(done.packetId)));
                wrote = true;
            }
            if (wrote) {
                context.flush();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
            if (event instanceof IdleStateEvent idle) {
                if (idle.state() == IdleState.READER_IDLE) {
                    log.warn("MQTT broker {}:{} silent for {} s; closing the connection", host, port, keepAliveSeconds);
                    context.close();
                } else if (idle.state() == IdleState.WRITER_IDLE) {
                    context.writeAndFlush(new MqttMessage(
                            new MqttFixedHeader(MqttMessageType.PINGREQ, false, MqttQoS.AT_MOST_ONCE, false, 0)));
                }
            } else {
                super.userEventTriggered(context, event);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            ctx = null;
            channel = null;
            if (running) {
                log.warn(
                        "MQTT connection to {}:{} lost ({} messages awaiting their archive will be resent by the"
                                + " broker); reconnecting",
                        host,
                        port,
                        unacknowledged.size());
                scheduleReconnect();
            }
            unacknowledged.clear();
            waiting.clear();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            log.warn("MQTT connection to {}:{}: {}", host, port, cause.toString());
            context.close();
        }
    }
}
