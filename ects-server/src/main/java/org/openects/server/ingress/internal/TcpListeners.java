package org.openects.server.ingress.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openects.codec.DecodeContext;
import org.openects.codec.FrameCodec;
import org.openects.codec.ProtocolDescription;
import org.openects.codec.RejectReason;
import org.openects.codec.StreamProtocol;
import org.openects.domain.DeviceId;
import org.openects.server.ingress.DownlinkReadyListener;
import org.openects.server.ingress.IngressOutcome;
import org.openects.server.ingress.IngressProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The TCP listeners, one per configured protocol. Every connection's pipeline is built here, in one place and one
 * order: idle timeout, the protocol's frame splitter, then the hand-over of each frame to the ingest pipeline. What
 * differs between protocols is asked of the protocol's {@link ProtocolDescription}, never of its name: a protocol that
 * comes through the Iridium gateway gets the gateway address filter first and the satellite bearer; the device's
 * reply (acknowledgement) is written once its frame is archived; what the codec owes the device over its own downlink
 * (the time response to an Iridium time request) goes to the Iridium MT client then, for a protocol whose commands go
 * as MT messages. A connection of a protocol with signed native commands becomes its device's ({@link
 * NativeConnections}) with the first signed message accepted on it; one of a protocol whose platform messages go on
 * the open connection (JT/T 808) becomes its terminal's ({@link Jt808Connections}) with the terminal's first accepted
 * message on it, and the {@link DownlinkReadyListener}s are told (the terminal's waiting commands go out). A bad frame never
 * closes the connection; a silent one is closed after the idle timeout. When a connection ends, however it ends (the
 * device closed it, idle timeout, error, shutdown), its end goes to the ingest pipeline once, after its frames, so
 * that what the codec still held for it (JT/T 808 split messages never made whole) is archived and counted as {@code
 * INCOMPLETE}.
 *
 * <p>Bounded: the event loop never waits for the pipeline ({@link ConnectionFeed}: a connection whose partition is
 * full stops being read until there is room), and the open connections are capped overall and per client address
 * ({@link ConnectionLimits}, {@code ects.ingress.connections.*}): one beyond is closed as soon as it is accepted.
 */
@Component
class TcpListeners implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TcpListeners.class);

    private final IngressProperties properties;
    private final NativeCodecs codecs;
    private final IngestPipeline pipeline;
    private final NativeConnections nativeConnections;
    private final IridiumMtClient iridiumMt;
    private final Jt808Connections jt808Connections;
    private final List<DownlinkReadyListener> downlinkReady;
    private final ConnectionLimits limits;
    private final IridiumGateways iridiumGateways;
    private final Map<String, Integer> boundPorts = new ConcurrentHashMap<>();
    private final Map<String, Channel> servers = new TreeMap<>();
    private @Nullable EventLoopGroup boss;
    private @Nullable EventLoopGroup workers;
    private volatile boolean running;

    TcpListeners(
            IngressProperties properties,
            NativeCodecs codecs,
            IngestPipeline pipeline,
            NativeConnections nativeConnections,
            IridiumMtClient iridiumMt,
            Jt808Connections jt808Connections,
            List<DownlinkReadyListener> downlinkReady,
            MeterRegistry meters,
            IridiumGateways iridiumGateways) {
        this.iridiumGateways = iridiumGateways;
        this.properties = properties;
        this.codecs = codecs;
        this.pipeline = pipeline;
        this.nativeConnections = nativeConnections;
        this.iridiumMt = iridiumMt;
        this.jt808Connections = jt808Connections;
        this.downlinkReady = List.copyOf(downlinkReady);
        this.limits = new ConnectionLimits(properties.connections(), meters, System::nanoTime);
    }

    /** Device connections open now, over all the listeners (those within the caps). */
    int openConnections() {
        return limits.open();
    }

    /** The port each running listener is bound to (useful when configured with port 0). */
    Map<String, Integer> boundPorts() {
        return Map.copyOf(boundPorts);
    }

    @Override
    public void start() {
        running = true;
        boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        properties.tcp().forEach((name, port) -> {
            if (port < 0) {
                return;
            }
            StreamProtocol protocol = codecs.streamProtocols().get(name);
            if (protocol == null) {
                log.warn(
                        "No TCP protocol named '{}' (known: {}); listener not started",
                        name,
                        codecs.streamProtocols().keySet());
                return;
            }
            try {
                Channel server = new ServerBootstrap()
                        .group(boss, workers)
                        .channel(NioServerSocketChannel.class)
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        .childOption(ChannelOption.SO_KEEPALIVE, true)
                        .childHandler(initializer(protocol))
                        .bind(properties.tcpHost(), port)
                        .sync()
                        .channel();
                int bound = ((InetSocketAddress) server.localAddress()).getPort();
                servers.put(name, server);
                boundPorts.put(name, bound);
                log.info("{} devices: TCP {}:{}", name, properties.tcpHost(), bound);
            } catch (Exception e) {
                throw new IllegalStateException(
                        "Cannot listen for " + name + " devices on " + properties.tcpHost() + ":" + port + " ("
                                + e.getMessage() + "). Set ects.ingress.tcp." + name
                                + " to a free port, or -1 to turn it off.",
                        e);
            }
        });
    }

    private ChannelInitializer<SocketChannel> initializer(StreamProtocol protocol) {
        long idleSeconds = Math.max(1, properties.idleTimeout().toSeconds());
        ProtocolDescription description = protocol.description();
        org.openects.domain.Channel bearer = description.bearer();
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                if (!limits.admit(channel)) {
                    channel.close(); // over a connection cap: nothing is read from it
                    return;
                }
                if (description.throughIridiumGateway()) {
                    // Only the Iridium gateway may connect: anyone else could claim any modem's IMEI.
                    channel.pipeline().addLast("gateway", iridiumGateways.filter());
                }
                channel.pipeline()
                        .addLast("idle", new IdleStateHandler(idleSeconds, 0, 0, TimeUnit.SECONDS))
                        .addLast("frames", protocol.newFrameDecoder())
                        .addLast("ingest", new FrameHandler(protocol, new DecodeContext(Instant.now(), bearer)));
            }
        };
    }

    /**
     * Sends what a codec owes a device over its own downlink: for a protocol whose downlink is Iridium mobile-terminated
     * messages ({@link ProtocolDescription.Commands#IRIDIUM_MT}), the time response to a time request goes out as one,
     * on a thread of the MT client (a failure is logged there, and the device asks again). Never blocks.
     */
    private void replyOverDownlink(StreamProtocol protocol, FrameCodec.DeviceReply reply) {
        if (protocol.description().commands() == ProtocolDescription.Commands.IRIDIUM_MT) {
            iridiumMt.send(reply.device(), reply.message());
        } else {
            log.debug(
                    "{} codec owes {} a reply over its downlink, which this protocol has not",
                    protocol.codec().name(),
                    reply.device());
        }
    }

    /**
     * Hands each frame of one connection to the ingest pipeline and writes the device's reply once archived; hands on
     * the connection's end once it is closed.
     */
    private final class FrameHandler extends ChannelInboundHandlerAdapter {

        /** Told nothing back: what a connection's end leaves is archived, and nothing is answered. */
        private static final IngestCallback NO_ANSWER = (outcome, reason, detail, reply) -> {};

        private final StreamProtocol protocol;
        private final DecodeContext context;
        /**
         * True on a connection of a protocol with signed native commands until its device is known to be on it (and
         * takes commands here).
         */
        private volatile boolean deviceToAnnounce;
        /** True on a connection of a protocol whose platform messages go on the terminal's open connection (JT/T 808). */
        private final boolean platformMessages;
        /** The terminal last known on such a connection (read and written on ingest threads only). */
        private volatile @Nullable DeviceId terminal;
        /** "jt808 /10.0.0.7:51234", kept from the start: the remote address may be gone once the channel closed. */
        private @Nullable String source;
        /** Set when the connection's end was handed on (once per connection). */
        private boolean ended;
        /** Hands the frames on without blocking the event loop; stops reading while the partition is full. */
        private final ConnectionFeed feed = new ConnectionFeed(pipeline::tryOffer);

        FrameHandler(StreamProtocol protocol, DecodeContext context) {
            this.protocol = protocol;
            this.context = context;
            ProtocolDescription.Commands commands = protocol.description().commands();
            this.deviceToAnnounce = commands == ProtocolDescription.Commands.SIGNED_NATIVE;
            this.platformMessages = commands == ProtocolDescription.Commands.JT808_PLATFORM;
        }

        private String source(Channel channel) {
            String known = source;
            if (known == null) {
                known = protocol.codec().name() + " " + channel.remoteAddress();
                source = known;
            }
            return known;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            source(ctx.channel());
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            if (!(message instanceof byte[] frame)) {
                return;
            }
            Channel channel = ctx.channel();
            feed.offer(
                    ctx,
                    new InboundMessage(
                            frame,
                            "TCP",
                            source(channel),
                            channel.id().asLongText(),
                            Instant.now(),
                            protocol.codec(),
                            context,
                            new IngestCallback() {
                                @Override
                                public void stored(
                                        IngressOutcome outcome,
                                        @Nullable RejectReason reason,
                                        @Nullable String detail,
                                        byte @Nullable [] reply) {
                                    if (reply != null && channel.isActive()) {
                                        channel.writeAndFlush(Unpooled.wrappedBuffer(reply));
                                    }
                                    if (deviceToAnnounce
                                            && outcome == IngressOutcome.ACCEPTED
                                            && nativeConnections.accepted(context, frame, channel)) {
                                        deviceToAnnounce = false; // its commands are written here from now on
                                    }
                                }

                                @Override
                                public void accepted(DeviceId device) {
                                    if (platformMessages && !device.equals(terminal) && channel.isActive()) {
                                        terminal = device;
                                        if (jt808Connections.accepted(device, channel)) {
                                            // Commands waiting for the terminal can go now (listeners return at once).
                                            downlinkReady.forEach(listener -> listener.connected(device));
                                        }
                                    }
                                }

                                @Override
                                public void replyToDevice(FrameCodec.DeviceReply reply) {
                                    replyOverDownlink(protocol, reply);
                                }
                            }));
        }

        /**
         * The connection is closed, whatever closed it: idle timeout and I/O errors close it here, the device or a
         * shutdown elsewhere. The frame decoder before this handler has passed on the last bytes already; the end
         * goes to the partition that decoded them, to be told to the codec after them. Never throws.
         */
        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            Channel channel = ctx.channel();
            if (!ended) {
                ended = true;
                try {
                    // After the frames that may still wait for room: the end goes in last, in order.
                    feed.offer(
                            ctx,
                            InboundMessage.connectionEnd(
                                    "TCP",
                                    source(channel),
                                    channel.id().asLongText(),
                                    Instant.now(),
                                    protocol.codec(),
                                    context,
                                    NO_ANSWER));
                } catch (RuntimeException e) {
                    log.warn(
                            "TCP connection {} ended; handing its end to the ingest pipeline failed",
                            source(channel),
                            e);
                }
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent) {
                log.debug(
                        "Closing idle {} connection from {}",
                        protocol.codec().name(),
                        ctx.channel().remoteAddress());
                ctx.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof java.io.IOException) {
                ctx.close();
            } else {
                log.warn(
                        "{} connection from {}: {}",
                        protocol.codec().name(),
                        ctx.channel().remoteAddress(),
                        cause.toString());
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        for (Channel server : servers.values()) {
            server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        servers.clear();
        boundPorts.clear();
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Like the MQTT subscription: starts after the pipeline, stops before it.
        return Integer.MAX_VALUE - 100;
    }
}
