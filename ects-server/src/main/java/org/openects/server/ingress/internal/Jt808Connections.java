package org.openects.server.ingress.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.openects.domain.DeviceId;
import org.springframework.stereotype.Component;

/**
 * The open JT/T 808 TCP connections by terminal (the phone digits the codec reports as device id), so that a command
 * reaches the terminal on its own connection. A connection counts as the terminal's once a message of it was
 * accepted there (the terminal is registered); the latest such connection wins. Forgotten when the connection closes.
 */
@Component
class Jt808Connections {

    private final Map<DeviceId, Channel> open = new ConcurrentHashMap<>();

    /**
     * Notes that a message of {@code terminal} was accepted on {@code channel}; true when this connection was not yet
     * known as the terminal's (it just connected, or came back).
     */
    boolean accepted(DeviceId terminal, Channel channel) {
        if (open.put(terminal, channel) == channel) {
            return false;
        }
        channel.closeFuture().addListener(closed -> open.remove(terminal, channel));
        return true;
    }

    /** The terminal's open connection, or {@code null} when it has none. */
    @Nullable
    Channel of(DeviceId terminal) {
        Channel channel = open.get(terminal);
        return channel != null && channel.isActive() ? channel : null;
    }

    /** Writes a whole JT/T 808 frame; completes once the connection took it. */
    CompletableFuture<Void> write(Channel channel, byte[] frame) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        channel.writeAndFlush(Unpooled.wrappedBuffer(frame)).addListener(future -> {
            if (future.isSuccess()) {
                written.complete(null);
            } else {
                written.completeExceptionally(future.cause());
            }
        });
        return written;
    }
}
