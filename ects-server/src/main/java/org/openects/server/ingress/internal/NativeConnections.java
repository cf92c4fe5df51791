package org.openects.server.ingress.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.openects.codec.DecodeContext;
import org.openects.codec.openects.CompactProtocol;
import org.openects.codec.openects.OpenEctsTcpProtocol;
import org.openects.domain.DeviceId;
import org.springframework.stereotype.Component;

/**
 * The open native-protocol TCP connections by device, so that a command reaches a connected device on its own
 * connection. A connection counts as the device's once a signed message of it was accepted there: a hello alone is
 * unsigned and could name anyone. Forgotten when the connection closes.
 */
@Component
class NativeConnections {

    private final Map<DeviceId, Channel> open = new ConcurrentHashMap<>();

    /**
     * Notes that a frame on {@code channel} was accepted; true once the connection is known as its device's (then the
     * caller need not tell again).
     */
    boolean accepted(DecodeContext context, byte[] frame, Channel channel) {
        DeviceId device = context.sessionDevice();
        if (device == null || isHello(frame)) {
            return false;
        }
        if (open.put(device, channel) != channel) {
            channel.closeFuture().addListener(closed -> open.remove(device, channel));
        }
        return true;
    }

    /** The device's open connection, or {@code null} when it has none. */
    @Nullable
    Channel of(DeviceId device) {
        Channel channel = open.get(device);
        return channel != null && channel.isActive() ? channel : null;
    }

    /** Writes a downlink message with its length prefix; completes once the connection took it. */
    CompletableFuture<Void> write(Channel channel, byte[] message) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        channel.writeAndFlush(Unpooled.wrappedBuffer(OpenEctsTcpProtocol.frame(message)))
                .addListener(future -> {
                    if (future.isSuccess()) {
                        written.complete(null);
                    } else {
                        written.completeExceptionally(future.cause());
                    }
                });
        return written;
    }

    private static boolean isHello(byte[] frame) {
        // A TCP frame: 2-byte length, then the message.
        return frame.length > 2 && (frame[2] & 0xff) == CompactProtocol.HELLO;
    }
}
