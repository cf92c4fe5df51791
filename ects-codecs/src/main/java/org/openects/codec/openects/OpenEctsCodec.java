package org.openects.codec.openects;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.openects.codec.DecodeContext;
import org.openects.codec.DeviceMessage;
import org.openects.codec.FrameCodec;
import org.openects.codec.ProtocolDescription;
import org.openects.codec.RejectReason;
import org.openects.domain.DeviceId;
import org.openects.domain.TrustLevel;

/**
 * The native protocol ({@code openects}) as a {@link FrameCodec}: takes a JWS message (report, acknowledgement, time
 * request), a compact message (hello, report, batch, acknowledgement, time request), or either behind the 2-byte
 * length prefix of raw TCP. A compact message is attributed to the device the transport names: {@link
 * DecodeContext#sessionDevice()}, set by a hello on the connection, or by the caller from the MQTT topic or the
 * Iridium IMEI. When the context names a device, a JWS {@code kid} or a hello naming another is refused.
 *
 * <p>Built with {@link #OpenEctsCodec(DeviceKeyLookup)} it verifies every signed message and refuses devices without
 * a key (ingestion). Built with {@link #inspecting(DeviceKeyLookup)} it still verifies where a key is known, but reads
 * messages of devices without a key unverified and returns them with trust {@code IDENTIFIED} (the {@code decode}
 * command; never for ingestion).
 *
 * <p>While an in-band key rotation is open ({@link DeviceKeyLookup#pendingKeyOf}), a message that fails under the
 * device's current key is tried under its pending key; the first that verifies is reported to {@link
 * DeviceKeyLookup#pendingKeyProven}, which makes the pending key current. Messages that verify under the current key
 * pay nothing for this.
 *
 * <p>Counters are not screened here: {@link #decodeUplink} gives the typed result whose {@link Uplink#counters()} the
 * caller passes through the device's {@link ReplayWindow}. A time request is answered in {@link Decoded#reply()} with
 * a signed time response in the same encoding, when its signature was verified. Thread safe.
 */
public final class OpenEctsCodec implements FrameCodec {

    /** The protocol's name for the {@code decode} command and the configuration. */
    public static final String NAME = "openects";

    private final DeviceKeyLookup keys;
    private final boolean verifying;
    private final CompactCodec compact;
    private final NativeReportCodec reports;
    private final JsonMessageCodec json;

    /** The ingestion codec: every message verified under its device's key. */
    public OpenEctsCodec(DeviceKeyLookup keys) {
        this(keys, true);
    }

    private OpenEctsCodec(DeviceKeyLookup keys, boolean verifying) {
        this.keys = Objects.requireNonNull(keys);
        this.verifying = verifying;
        this.compact = verifying ? new CompactCodec(keys) : CompactCodec.inspecting(keys);
        this.reports = new NativeReportCodec(keys);
        this.json = verifying ? new JsonMessageCodec(keys) : JsonMessageCodec.inspecting(keys);
    }

    /** The diagnosis codec: verifies where {@code keys} knows the device, reads the rest unverified. */
    public static OpenEctsCodec inspecting(DeviceKeyLookup keys) {
        return new OpenEctsCodec(keys, false);
    }

    /** Whether {@code first} can start a native message: a JWS ({@code e}) or a compact type byte. */
    public static boolean canStartMessage(int first) {
        return first == 'e' || CompactProtocol.isCompactTypeByte(first);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProtocolDescription description() {
        return OpenEctsTcpProtocol.DESCRIPTION;
    }

    @Override
    public Decoded decode(byte[] frame, DecodeContext context) {
        byte[] message = unframe(frame);
        UplinkResult result = message == null ? framingError(frame, context) : decodeUplink(message, context);
        return switch (result) {
            case UplinkResult.Rejected r -> Decoded.rejected(r.claimedDevice(), r.reason(), r.detail());
            case UplinkResult.Accepted a -> {
                Decoded decoded = context.screenDeviceTimes(toMessage(a, Objects.requireNonNull(message), context));
                byte[] reply = decoded.reply();
                yield reply != null && message != frame
                        ? new Decoded(decoded.messages(), OpenEctsTcpProtocol.frame(reply))
                        : decoded;
            }
        };
    }

    /**
     * Decodes one message (without a TCP length prefix) to its typed form. A hello sets the context's session device.
     */
    public UplinkResult decodeUplink(byte[] message, DecodeContext context) {
        UplinkResult result = decodeUnderCurrentKey(message, context);
        if (verifying
                && result instanceof UplinkResult.Rejected rejected
                && rejected.reason() == RejectReason.BAD_SIGNATURE
                && rejected.claimedDevice() != null) {
            DeviceId device = rejected.claimedDevice();
            byte[] pending = keys.pendingKeyOf(device);
            if (pending != null) {
                UplinkResult underPending = new OpenEctsCodec(id -> id.equals(device) ? pending : null, true)
                        .decodeUnderCurrentKey(message, context);
                if (underPending instanceof UplinkResult.Accepted) {
                    keys.pendingKeyProven(device, pending);
                    return underPending;
                }
            }
        }
        return result;
    }

    private UplinkResult decodeUnderCurrentKey(byte[] message, DecodeContext context) {
        if (message.length == 0) {
            return new UplinkResult.Rejected(RejectReason.MALFORMED, "empty message", context.sessionDevice());
        }
        int first = message[0] & 0xff;
        DeviceId session = context.sessionDevice();
        Instant receivedAt = context.receivedAt();
        if (CompactProtocol.isCompactTypeByte(first)) {
            UplinkResult result = compact.decodeUplink(message, session, receivedAt, context.channel());
            if (result instanceof UplinkResult.Accepted(Uplink.Hello hello, TrustLevel trust)) {
                if (session != null && !session.equals(hello.deviceId())) {
                    return new UplinkResult.Rejected(
                            RejectReason.MALFORMED,
                            "hello names " + hello.deviceId() + " on a connection of " + session,
                            session);
                }
                context.sessionDevice(hello.deviceId());
            }
            return result;
        }
        if (first != 'e') {
            return new UplinkResult.Rejected(
                    RejectReason.MALFORMED,
                    String.format("neither a JWS nor a compact message: first byte 0x%02X", first),
                    session);
        }
        String type = JsonMessageCodec.typeOf(message);
        UplinkResult result;
        if (type == null || NativeProtocol.REPORT_TYPE.equals(type)) {
            DecodeResult decoded = verifying
                    ? reports.decode(message, receivedAt, context.channel())
                    : reports.inspect(message, receivedAt, context.channel());
            result = switch (decoded) {
                case DecodeResult.Accepted a ->
                    new UplinkResult.Accepted(
                            new Uplink.Reports(a.report().deviceId(), List.of(a.report())),
                            a.report().trust());
                case DecodeResult.Rejected r -> new UplinkResult.Rejected(r.reason(), r.detail(), r.claimedDevice());
            };
        } else {
            result = json.decodeUplink(message, receivedAt);
        }
        if (result instanceof UplinkResult.Accepted a
                && session != null
                && !session.equals(a.message().deviceId())) {
            return new UplinkResult.Rejected(
                    RejectReason.MALFORMED,
                    "message of " + a.message().deviceId() + " under the identity of " + session,
                    session);
        }
        return result;
    }

    /** The message inside a TCP frame, the frame itself when it has no prefix, or {@code null} if bad framing. */
    private static byte @Nullable [] unframe(byte[] frame) {
        if (frame.length == 0 || canStartMessage(frame[0] & 0xff)) {
            return frame;
        }
        if (frame.length < 2) {
            return null;
        }
        int declared = (frame[0] & 0xff) << 8 | (frame[1] & 0xff);
        if (declared == 0 || declared != frame.length - 2 || declared > NativeProtocol.MAX_MESSAGE_BYTES) {
            return null;
        }
        return java.util.Arrays.copyOfRange(frame, 2, frame.length);
    }

    private static UplinkResult framingError(byte[] frame, DecodeContext context) {
        DeviceId session = context.sessionDevice();
        if (frame.length < 2) {
            return new UplinkResult.Rejected(RejectReason.MALFORMED, "a lone byte is no frame", session);
        }
        int declared = (frame[0] & 0xff) << 8 | (frame[1] & 0xff);
        if (declared > NativeProtocol.MAX_MESSAGE_BYTES && frame.length < NativeProtocol.MAX_MESSAGE_BYTES + 2) {
            // Not a length prefix at all: text or garbage, not a JWS, a compact message or a framed one.
            return new UplinkResult.Rejected(
                    RejectReason.MALFORMED,
                    String.format(
                            "neither a JWS, a compact message nor a length-prefixed frame: first bytes 0x%02X%02X",
                            frame[0] & 0xff, frame[1] & 0xff),
                    session);
        }
        if (declared > NativeProtocol.MAX_MESSAGE_BYTES) {
            return new UplinkResult.Rejected(
                    RejectReason.OVERSIZED,
                    "frame announces " + declared + " bytes, more than " + NativeProtocol.MAX_MESSAGE_BYTES,
                    session);
        }
        if (declared > frame.length - 2) {
            return new UplinkResult.Rejected(
                    RejectReason.TRUNCATED,
                    "frame announces " + declared + " bytes, holds " + (frame.length - 2),
                    session);
        }
        return new UplinkResult.Rejected(
                RejectReason.MALFORMED, "neither a native message nor a length-prefixed one", session);
    }

    private Decoded toMessage(UplinkResult.Accepted accepted, byte[] message, DecodeContext context) {
        return switch (accepted.message()) {
            case Uplink.Reports r -> Decoded.of(new DeviceMessage.Reports(r.deviceId(), r.reports()));
            case Uplink.Hello h -> Decoded.of(new DeviceMessage.Login(h.deviceId(), null, "native protocol hello"));
            case Uplink.Ack a ->
                Decoded.of(new DeviceMessage.CommandOutcome(
                        a.deviceId(), a.counter(), a.deviceTime(), a.commandCounter(), a.status(), accepted.trust()));
            case Uplink.TimeRequest t ->
                Decoded.of(
                        new DeviceMessage.TimeRequest(t.deviceId(), t.counter(), t.deviceTime(), accepted.trust()),
                        timeReply(t, message, context, accepted.trust()));
        };
    }

    private byte @Nullable [] timeReply(
            Uplink.TimeRequest request, byte[] message, DecodeContext context, TrustLevel trust) {
        byte[] key = keys.keyOf(request.deviceId());
        if (trust != TrustLevel.SIGNED || key == null) {
            return null;
        }
        Downlink.TimeResponse response =
                new Downlink.TimeResponse(request.deviceId(), request.counter(), context.receivedAt());
        boolean compactForm = CompactProtocol.isCompactTypeByte(message[0] & 0xff);
        return compactForm ? compact.encodeTimeResponse(response, key) : json.encodeTimeResponse(response, key);
    }
}
