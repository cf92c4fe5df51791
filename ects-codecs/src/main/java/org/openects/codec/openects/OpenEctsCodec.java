package org.openects.codec.openects;

import java.time.Instant;
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
 * length prefix of raw TCP, and gives for each frame one {@link DeviceMessage}: {@link DeviceMessage.Reports}, a
 * {@link DeviceMessage.Login} for a hello, a {@link DeviceMessage.CommandOutcome}, a {@link
 * DeviceMessage.TimeRequest}, or a {@link DeviceMessage.Rejected} with its {@link RejectReason}. Nothing else is
 * returned on the way: the encodings' decoders give the same message types, and refusals deep inside them become the
 * rejection here.
 *
 * <p><b>Length prefix.</b> A frame that starts with a byte that can start a message ({@link #canStartMessage}) is one
 * message as it is: MQTT, HTTP and Iridium deliver messages so. Any other frame is read as a length-prefixed TCP frame
 * by the one framing rule of {@link OpenEctsTcpProtocol} — the rule by which its frame decoder cut the stream, so a
 * frame passed on as garbage, cut at the limit or left incomplete at the end gets its reason from the same rule — and
 * a capture file's prefixed frame for the {@code decode} command is read the same way. The reply to a prefixed frame
 * is prefixed in turn.
 *
 * <p><b>One parse.</b> A JWS message's header is read once ({@link JwsMessage}): its {@code typ} chooses the report
 * decoder or the message decoder, which check the signature and read the payload of that same parsed message.
 *
 * <p>A compact message is attributed to the device the transport names: {@link DecodeContext#sessionDevice()}, set
 * by a hello on the connection, or by the caller from the MQTT topic or the Iridium IMEI. When the context names a
 * device, a JWS {@code kid} or a hello naming another is refused.
 *
 * <p>Built with {@link #OpenEctsCodec(DeviceKeyLookup)} it verifies every signed message and refuses devices without
 * a key (ingestion). Built with {@link #inspecting(DeviceKeyLookup)} it still verifies where a key is known, but reads
 * messages of devices without a key unverified and returns them with trust {@code IDENTIFIED} (the {@code decode}
 * command; never for ingestion).
 *
 * <p>While an in-band key rotation is open ({@link DeviceKeyLookup#pendingKeyOf}), a message that fails under the
 * device's current key is tried under its pending key; the first that is accepted so is reported to {@link
 * DeviceKeyLookup#pendingKeyProven}, which makes the pending key current. Messages that verify under the current key
 * pay nothing for this.
 *
 * <p>Counters are not screened here: the caller passes the counters of what was accepted through the device's {@link
 * ReplayWindow}. A time request is answered in {@link Decoded#reply()} with a signed time response in the same
 * encoding, when its signature was verified. Device times outside the context's window are refused ({@link
 * DecodeContext#screenDeviceTimes}). Thread safe.
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
        boolean prefixed = frame.length > 0 && !canStartMessage(frame[0] & 0xff);
        byte[] message;
        try {
            message = prefixed ? OpenEctsTcpProtocol.unframe(frame) : frame;
        } catch (Refusal refusal) {
            return Decoded.of(refusal.rejection(context.sessionDevice()));
        }
        DeviceMessage decoded = decodeMessage(message, context);
        if (decoded instanceof DeviceMessage.Rejected) {
            return Decoded.of(decoded);
        }
        byte[] reply =
                decoded instanceof DeviceMessage.TimeRequest request ? timeReply(request, message, context) : null;
        Decoded screened = context.screenDeviceTimes(Decoded.of(decoded, reply));
        byte[] screenedReply = screened.reply();
        return screenedReply != null && prefixed
                ? new Decoded(screened.messages(), OpenEctsTcpProtocol.frame(screenedReply))
                : screened;
    }

    /**
     * Decodes one message (without a TCP length prefix), trying the device's pending key when its current one does
     * not verify. A hello sets the context's session device.
     */
    private DeviceMessage decodeMessage(byte[] message, DecodeContext context) {
        if (message.length == 0) {
            return new DeviceMessage.Rejected(context.sessionDevice(), RejectReason.MALFORMED, "empty message");
        }
        int first = message[0] & 0xff;
        if (CompactProtocol.isCompactTypeByte(first)) {
            DeviceMessage result =
                    compact.decodeUplink(message, context.sessionDevice(), context.receivedAt(), context.channel());
            byte[] pending = pendingKeyToTry(result);
            if (pending != null) {
                DeviceMessage underPending = new CompactCodec(only(result.deviceId(), pending))
                        .decodeUplink(message, context.sessionDevice(), context.receivedAt(), context.channel());
                result = proven(result, underPending, pending);
            }
            return withSession(result, context);
        }
        if (first != 'e') {
            return new DeviceMessage.Rejected(
                    context.sessionDevice(),
                    RejectReason.MALFORMED,
                    String.format("neither a JWS nor a compact message: first byte 0x%02X", first));
        }
        DeviceMessage result;
        try {
            JwsMessage jws = JwsMessage.parse(message);
            result = decodeJws(jws, context, reports, json);
            byte[] pending = pendingKeyToTry(result);
            if (pending != null) {
                DeviceKeyLookup underPending = only(jws.device(), pending);
                result = proven(
                        result,
                        decodeJws(
                                jws, context, new NativeReportCodec(underPending), new JsonMessageCodec(underPending)),
                        pending);
            }
        } catch (Refusal refusal) {
            result = refusal.rejection(null);
        }
        return withSession(result, context);
    }

    /** Decodes a parsed JWS: a report by the report codec, any other {@code typ} by the message codec. */
    private DeviceMessage decodeJws(
            JwsMessage jws, DecodeContext context, NativeReportCodec reportCodec, JsonMessageCodec messageCodec) {
        Instant receivedAt = context.receivedAt();
        try {
            return NativeProtocol.REPORT_TYPE.equals(jws.typ())
                    ? reportCodec.decode(jws, receivedAt, context.channel(), verifying)
                    : messageCodec.decodeUplink(jws, receivedAt);
        } catch (Refusal refusal) {
            return refusal.rejection(null);
        }
    }

    /**
     * The pending key to try after {@code result}: on the ingestion codec, when it is a bad signature of a device with
     * an open key rotation; else {@code null}.
     */
    private byte @Nullable [] pendingKeyToTry(DeviceMessage result) {
        return verifying
                        && result instanceof DeviceMessage.Rejected rejected
                        && rejected.reason() == RejectReason.BAD_SIGNATURE
                        && rejected.deviceId() != null
                ? keys.pendingKeyOf(rejected.deviceId())
                : null;
    }

    /** What a message decoded under the pending key gives: accepted, it proves the key; else the first rejection. */
    private DeviceMessage proven(DeviceMessage underCurrent, DeviceMessage underPending, byte[] pending) {
        if (underPending instanceof DeviceMessage.Rejected) {
            return underCurrent;
        }
        keys.pendingKeyProven(Objects.requireNonNull(underCurrent.deviceId()), pending);
        return underPending;
    }

    private static DeviceKeyLookup only(@Nullable DeviceId device, byte[] key) {
        return id -> id.equals(device) ? key : null;
    }

    /**
     * Checks an accepted message against the connection's identity: a hello names the session's device (and sets it),
     * any other message belongs to it.
     */
    private static DeviceMessage withSession(DeviceMessage result, DecodeContext context) {
        if (result instanceof DeviceMessage.Rejected) {
            return result;
        }
        DeviceId session = context.sessionDevice();
        DeviceId device = Objects.requireNonNull(result.deviceId());
        if (result instanceof DeviceMessage.Login) {
            if (session != null && !session.equals(device)) {
                return new DeviceMessage.Rejected(
                        session, RejectReason.MALFORMED, "hello names " + device + " on a connection of " + session);
            }
            context.sessionDevice(device);
            return result;
        }
        if (session != null && !session.equals(device)) {
            return new DeviceMessage.Rejected(
                    session, RejectReason.MALFORMED, "message of " + device + " under the identity of " + session);
        }
        return result;
    }

    /** The signed time response to a verified time request, in the request's encoding; {@code null} otherwise. */
    private byte @Nullable [] timeReply(DeviceMessage.TimeRequest request, byte[] message, DecodeContext context) {
        byte[] key = keys.keyOf(request.deviceId());
        if (request.trust() != TrustLevel.SIGNED || key == null) {
            return null;
        }
        Downlink.TimeResponse response =
                new Downlink.TimeResponse(request.deviceId(), request.counter(), context.receivedAt());
        boolean compactForm = CompactProtocol.isCompactTypeByte(message[0] & 0xff);
        return compactForm ? compact.encodeTimeResponse(response, key) : json.encodeTimeResponse(response, key);
    }
}
