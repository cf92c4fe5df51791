package org.openects.server.ingress.internal;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.openects.codec.DecodeContext;
import org.openects.codec.FrameCodec;
import org.openects.codec.ProtocolDescription;
import org.openects.codec.RejectReason;
import org.openects.codec.iridium.IridiumSbdCodec;
import org.openects.codec.iridium.IridiumSbdProtocol;
import org.openects.domain.Channel;
import org.openects.server.ingress.IngressProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

/**
 * Admits Iridium DirectIP mobile-originated connections only from the gateway's addresses ({@value
 * IngressProperties.Iridium#GATEWAY_ADDRESSES}): a connection from anywhere else is closed before a byte of it is read,
 * and recorded in the raw archive as a refused message of protocol {@code iridium} with reason {@code
 * UNTRUSTED_SOURCE}, its source, and no bytes. Whoever can reach the listener can otherwise claim any modem's IMEI.
 * The addresses are checked when the platform starts: a bad entry stops it, naming the setting.
 */
@Component
class IridiumGateways {

    private static final Logger log = LoggerFactory.getLogger(IridiumGateways.class);
    private static final IngestCallback NO_ANSWER = (outcome, reason, detail, reply) -> {};

    private final List<IpAddressMatcher> gateways;
    private final List<String> configured;
    private final IngestPipeline pipeline;
    private final Filter filter = new Filter();

    IridiumGateways(IngressProperties properties, IngestPipeline pipeline) {
        this.pipeline = pipeline;
        this.configured = List.copyOf(properties.iridium().gatewayAddresses());
        this.gateways = matchers(configured);
    }

    /** The matchers for the configured entries; a bad entry is an error naming the setting. */
    static List<IpAddressMatcher> matchers(List<String> entries) {
        List<IpAddressMatcher> matchers = new ArrayList<>(entries.size());
        for (String entry : entries) {
            String address = entry.strip();
            try {
                if (address.isEmpty() || !address.matches("[0-9A-Fa-f.:]+(/[0-9]{1,3})?")) {
                    throw new IllegalArgumentException("not an IP address or CIDR block");
                }
                matchers.add(new IpAddressMatcher(address));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(
                        IngressProperties.Iridium.GATEWAY_ADDRESSES + ": '" + entry
                                + "' is not an IP address or CIDR block (" + e.getMessage() + ")",
                        e);
            }
        }
        return List.copyOf(matchers);
    }

    /** Whether a connection from this address is the gateway's. */
    boolean isGateway(SocketAddress remote) {
        return isGateway(gateways, remote);
    }

    /** Whether {@code remote} is one of the {@code gateways}; never for an address that is not an IP socket's. */
    static boolean isGateway(List<IpAddressMatcher> gateways, SocketAddress remote) {
        if (!(remote instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return false;
        }
        String address = inet.getAddress().getHostAddress();
        for (IpAddressMatcher gateway : gateways) {
            if (gateway.matches(address)) {
                return true;
            }
        }
        return false;
    }

    /** The handler that goes first on every DirectIP mobile-originated connection. */
    ChannelHandler filter() {
        return filter;
    }

    /** Refuses the connection unless it comes from a gateway; shared by all connections. */
    @ChannelHandler.Sharable
    private final class Filter extends ChannelInboundHandlerAdapter {

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            SocketAddress remote = ctx.channel().remoteAddress();
            if (isGateway(remote)) {
                ctx.pipeline().remove(this);
                ctx.fireChannelActive();
                return;
            }
            String source = IridiumSbdCodec.NAME + " " + remote;
            String detail = "DirectIP connection from " + remote + " refused: not an Iridium gateway address ("
                    + IngressProperties.Iridium.GATEWAY_ADDRESSES + " = " + configured + ")";
            ctx.channel().config().setAutoRead(false);
            ctx.close();
            boolean queued = pipeline.tryOffer(new InboundMessage(
                    new byte[0],
                    "TCP",
                    source,
                    ctx.channel().id().asLongText(),
                    Instant.now(),
                    new Refused(detail),
                    new DecodeContext(Instant.now(), Channel.SATELLITE),
                    NO_ANSWER));
            if (!queued) {
                log.warn("{}; the ingest pipeline is full, so the refusal is not archived", detail);
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            // Not a gateway: nothing it sent is read (the connection is closing).
            io.netty.util.ReferenceCountUtil.release(message);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            // A refused connection ends here: it never reached the frame handler, which would hand on its end.
        }
    }

    /** The "codec" of a refused connection: the refusal, recorded under the protocol {@code iridium}. */
    private record Refused(String detail) implements FrameCodec {

        @Override
        public String name() {
            return IridiumSbdCodec.NAME;
        }

        @Override
        public ProtocolDescription description() {
            return IridiumSbdProtocol.DESCRIPTION;
        }

        @Override
        public Decoded decode(byte[] frame, DecodeContext context) {
            return Decoded.rejected(null, RejectReason.UNTRUSTED_SOURCE, detail);
        }
    }
}
