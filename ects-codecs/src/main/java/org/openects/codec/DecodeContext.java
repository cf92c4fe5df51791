package org.openects.codec;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.openects.domain.Channel;
import org.openects.domain.DeviceId;

/**
 * What a decoder knows besides the frame: when it arrived, over which bearer, and — for protocols that identify the
 * device once per connection (Teltonika's IMEI handshake, an AIS-140 login) — who is on the connection. One context
 * per connection (or per input file for the {@code decode} command); not thread safe.
 */
public final class DecodeContext {

    private Instant receivedAt;
    private final Channel channel;
    private @Nullable DeviceId sessionDevice;

    public DecodeContext(Instant receivedAt, Channel channel) {
        this.receivedAt = receivedAt;
        this.channel = channel;
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    /** Sets the receive time of the next frame. */
    public DecodeContext receivedAt(Instant receivedAt) {
        this.receivedAt = receivedAt;
        return this;
    }

    public Channel channel() {
        return channel;
    }

    /** The device that identified itself on this connection, or {@code null} before it did. */
    public @Nullable DeviceId sessionDevice() {
        return sessionDevice;
    }

    public void sessionDevice(@Nullable DeviceId deviceId) {
        this.sessionDevice = deviceId;
    }
}
