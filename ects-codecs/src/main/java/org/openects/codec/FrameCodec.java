package org.openects.codec;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.openects.domain.DeviceId;

/**
 * One device protocol, transport aside: turns one complete frame (as cut from the byte stream by the protocol's
 * frame decoder, or as one line of a capture file) into messages, and says what the device expects back. Must never
 * throw on any input: bad frames come back as {@link DeviceMessage.Rejected}. Implementations are thread safe; the
 * per-connection state lives in the {@link DecodeContext}.
 */
public interface FrameCodec {

    /** The protocol's name as the {@code decode} command and the configuration know it ({@code ais140}, …). */
    String name();

    /**
     * What the protocol is, as the platform uses it: framing, transports, trust, replay protection, commands. Callers
     * ask it instead of comparing {@link #name()}s.
     */
    ProtocolDescription description();

    /** Decodes one frame. */
    Decoded decode(byte[] frame, DecodeContext context);

    /**
     * The connection (or the input file) ended: what the codec still held for it, as messages — rejections of split
     * messages that never arrived whole ({@link RejectReason#INCOMPLETE}), each carrying the bytes it stands for
     * ({@link DeviceMessage.Rejected#received()}: the frames of the packets that did arrive). Empty for codecs that
     * keep nothing between frames; nothing is kept afterwards. Never throws. Called once per connection, by the
     * context's owner, after the connection's last frame was decoded.
     */
    default List<DeviceMessage> finish(DecodeContext context) {
        return List.of();
    }

    /**
     * The result of one frame.
     *
     * @param messages what the frame carried, in order (at least one)
     * @param reply bytes to send back on the connection the frame came on (acknowledgement, confirmation), or {@code
     *     null}
     * @param deviceReply a message for the device that cannot go back on that connection and goes over the device's
     *     downlink instead, or {@code null}: the time response to a time request carried in an Iridium SBD payload
     *     (the connection is the gateway's; the response goes out as a mobile-terminated message)
     */
    record Decoded(
            List<DeviceMessage> messages,
            byte @Nullable [] reply,
            @Nullable DeviceReply deviceReply) {

        public Decoded {
            messages = List.copyOf(messages);
        }

        /** Without a device reply. */
        public Decoded(List<DeviceMessage> messages, byte @Nullable [] reply) {
            this(messages, reply, null);
        }

        public static Decoded of(DeviceMessage message) {
            return new Decoded(List.of(message), null);
        }

        public static Decoded of(DeviceMessage message, byte @Nullable [] reply) {
            return new Decoded(List.of(message), reply);
        }

        public static Decoded rejected(@Nullable DeviceId device, RejectReason reason, String detail) {
            return of(new DeviceMessage.Rejected(device, reason, detail));
        }
    }

    /**
     * A message the platform owes the device, to go over the device's own downlink rather than on the connection the
     * frame came on.
     *
     * @param device the device it is for
     * @param message the signed message (a compact time response)
     */
    record DeviceReply(DeviceId device, byte[] message) {}
}
