package org.openects.server.ingress.internal;

import io.netty.channel.ChannelHandlerContext;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Hands one TCP connection's messages to the ingest pipeline, in order, without ever blocking the connection's event
 * loop: when the pipeline will not take a message now (its partition is full), the message waits here, the connection
 * stops reading ({@code autoRead} off, so TCP holds the device back), and the feed offers again shortly; once
 * everything waiting is taken, reading resumes. What waits is bounded by what one read had already split into frames.
 * Used on the connection's event loop only.
 */
final class ConnectionFeed {

    private static final long RETRY_MILLIS = 5;

    private final Predicate<InboundMessage> pipeline;
    private final ArrayDeque<InboundMessage> waiting = new ArrayDeque<>();
    private boolean retryScheduled;

    /** @param pipeline takes a message now or says {@code false} (never blocks): the ingest pipeline's tryOffer */
    ConnectionFeed(Predicate<InboundMessage> pipeline) {
        this.pipeline = pipeline;
    }

    /** Hands on a message after those that wait, or makes it wait and pauses the connection. */
    void offer(ChannelHandlerContext ctx, InboundMessage message) {
        if (waiting.isEmpty() && pipeline.test(message)) {
            return;
        }
        waiting.add(message);
        pause(ctx);
    }

    /** True while messages wait for room in the pipeline (the connection is not read meanwhile). */
    boolean paused() {
        return !waiting.isEmpty();
    }

    private void pause(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            ctx.channel().config().setAutoRead(false);
        }
        if (!retryScheduled) {
            retryScheduled = true;
            ctx.executor().schedule(() -> retry(ctx), RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void retry(ChannelHandlerContext ctx) {
        retryScheduled = false;
        while (!waiting.isEmpty() && pipeline.test(waiting.peek())) {
            waiting.poll();
        }
        if (!waiting.isEmpty()) {
            pause(ctx); // also after the connection closed: its frames and its end still go in, in order
        } else if (ctx.channel().isActive()) {
            ctx.channel().config().setAutoRead(true);
            ctx.read();
        }
    }
}
