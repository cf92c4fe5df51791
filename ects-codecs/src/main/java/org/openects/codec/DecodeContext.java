package org.openects.codec;

import java.time.Instant;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.openects.domain.Channel;
import org.openects.domain.DeviceId;

/**
 * What a decoder knows besides the frame: when it arrived, over which bearer, and — for protocols that identify the
 * device once per connection (Teltonika's IMEI handshake, an AIS-140 login) — who is on the connection. A codec may
 * also keep its own state here between frames ({@link #state(Class, Supplier)}: JT/T 808 keeps the sub-packages of a
 * split message until the message is whole). One context per connection (or per input file for the {@code decode}
 * command); not thread safe: one connection's frames are decoded one after the other.
 */
public final class DecodeContext {

    private Instant receivedAt;
    private DeviceTimeWindow deviceTimes = DeviceTimeWindow.DEFAULT;
    private final Channel channel;
    private @Nullable DeviceId sessionDevice;
    private @Nullable Class<?> stateType;
    private @Nullable Object state;

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

    /**
     * The window device times must fall in around the receive time: {@link DeviceTimeWindow#DEFAULT} (only what a
     * report can hold) unless set.
     */
    public DeviceTimeWindow deviceTimes() {
        return deviceTimes;
    }

    /** Sets the window device times must fall in. */
    public DecodeContext deviceTimes(DeviceTimeWindow window) {
        this.deviceTimes = window;
        return this;
    }

    /**
     * The rejection of a reading the device dated {@code deviceTime}, when that is outside the window around this
     * frame's receive time; {@code null} when it is in.
     */
    public DeviceMessage.@Nullable Rejected refuseDeviceTime(
            @Nullable DeviceId device, Instant deviceTime, String what) {
        return deviceTimes.refuse(device, deviceTime, receivedAt, what);
    }

    /** What was decoded, with every report outside the device time window recorded as a rejection instead. */
    public FrameCodec.Decoded screenDeviceTimes(FrameCodec.Decoded decoded) {
        return deviceTimes.screen(decoded, receivedAt);
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

    /**
     * The codec's own state for this connection, created by {@code create} on first use. A connection speaks one
     * protocol, so the context holds one state object; asking for another type replaces it (the old state is dropped).
     * Codecs that need none never create one, and the frames of connections without state allocate nothing here.
     */
    public <T> T state(Class<T> type, Supplier<? extends T> create) {
        if (stateType != type || state == null) {
            T created = create.get();
            stateType = type;
            state = created;
            return created;
        }
        return type.cast(state);
    }

    /** The codec's state of type {@code type} for this connection, or {@code null} when none was created. */
    public <T> @Nullable T stateIfPresent(Class<T> type) {
        return stateType == type && state != null ? type.cast(state) : null;
    }
}
