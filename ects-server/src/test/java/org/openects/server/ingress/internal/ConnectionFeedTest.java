package org.openects.server.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.openects.codec.DecodeContext;
import org.openects.codec.ais140.Ais140Codec;
import org.openects.domain.Channel;

/**
 * A TCP connection whose ingest partition is full: the event loop is never blocked, the connection stops being read
 * (autoRead off) with the frames it already split waiting in order, and reading resumes once the partition takes them.
 * On an embedded channel with frozen time, moved forward by hand.
 */
class ConnectionFeedTest {

    private static final IngestCallback NO_ANSWER = (outcome, reason, detail, reply) -> {};

    /** The ingest partition as the connection sees it: takes a message while it has room. */
    private final AtomicInteger room = new AtomicInteger();

    private final List<InboundMessage> taken = new ArrayList<>();

    private boolean offer(InboundMessage message) {
        if (room.get() <= 0) {
            return false;
        }
        room.decrementAndGet();
        taken.add(message);
        return true;
    }

    private EmbeddedChannel connection() {
        ConnectionFeed feed = new ConnectionFeed(this::offer);
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                feed.offer(ctx, frame((String) msg));
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                feed.offer(
                        ctx,
                        InboundMessage.connectionEnd("TCP", "test", "c", Instant.EPOCH, codec(), context(), NO_ANSWER));
            }
        });
        channel.freezeTime();
        return channel;
    }

    @Test
    void aFullPartitionStopsReadingWithoutBlockingAndRoomResumesItInOrder() {
        EmbeddedChannel channel = connection();
        room.set(1);

        channel.writeInbound("a", "b", "c"); // returns: the event loop never waits

        assertThat(payloads()).containsExactly("a");
        assertThat(channel.config().isAutoRead()).isFalse();

        channel.advanceTimeBy(10, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.config().isAutoRead()).as("still full").isFalse();

        room.set(10);
        channel.advanceTimeBy(10, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertThat(payloads()).containsExactly("a", "b", "c");
        assertThat(channel.config().isAutoRead()).isTrue();
        channel.writeInbound("d");
        assertThat(payloads()).containsExactly("a", "b", "c", "d");
    }

    @Test
    void theConnectionsEndGoesInAfterTheFramesThatWaited() {
        EmbeddedChannel channel = connection();
        room.set(0);
        channel.writeInbound("a", "b");

        // The connection ends (the embedded channel's own close would cancel its scheduled tasks, which a real
        // event loop keeps: the end is told to the handler directly).
        channel.pipeline().fireChannelInactive();
        assertThat(taken).isEmpty();
        room.set(10);
        channel.advanceTimeBy(10, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertThat(taken).hasSize(3);
        assertThat(payloads().subList(0, 2)).containsExactly("a", "b");
        assertThat(taken.get(2).connectionEnd()).isTrue();
    }

    private List<String> payloads() {
        return taken.stream()
                .filter(m -> !m.connectionEnd())
                .map(m -> new String(m.payload()))
                .toList();
    }

    private static InboundMessage frame(String text) {
        return new InboundMessage(text.getBytes(), "TCP", "test", "c", Instant.EPOCH, codec(), context(), NO_ANSWER);
    }

    private static Ais140Codec codec() {
        return new Ais140Codec();
    }

    private static DecodeContext context() {
        return new DecodeContext(Instant.EPOCH, Channel.CELLULAR);
    }
}
