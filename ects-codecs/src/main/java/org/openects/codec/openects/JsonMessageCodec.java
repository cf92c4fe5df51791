package org.openects.codec.openects;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.openects.codec.RejectReason;
import org.openects.domain.DeviceId;
import org.openects.domain.TrustLevel;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON (JWS HS256) encoding of the version 1 messages other than reports: acknowledgements and time requests
 * from devices, commands and time responses to them (section 5 of {@code docs/device-protocol.md}). Reports keep
 * their version 0 form and {@link NativeReportCodec}. Same rules as reports: compact JWS, canonical base64url, the
 * device id in {@code kid} and {@code dev}, at most {@value NativeProtocol#MAX_MESSAGE_BYTES} bytes. Thread safe.
 */
public final class JsonMessageCodec {

    public static final String ACK_TYPE = "ects-ack.v1";
    public static final String TIME_REQUEST_TYPE = "ects-time-request.v1";
    public static final String COMMAND_TYPE = "ects-command.v1";
    public static final String TIME_RESPONSE_TYPE = "ects-time.v1";

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final DeviceKeyLookup keys;
    private final Duration maxClockAhead;
    private final boolean keyRequired;

    public JsonMessageCodec(DeviceKeyLookup keys) {
        this(keys, NativeReportCodec.DEFAULT_MAX_CLOCK_AHEAD, true);
    }

    private JsonMessageCodec(DeviceKeyLookup keys, Duration maxClockAhead, boolean keyRequired) {
        this.keys = Objects.requireNonNull(keys);
        this.maxClockAhead = maxClockAhead;
        this.keyRequired = keyRequired;
    }

    /** Verifies when a key is known, otherwise reads unverified with trust {@code IDENTIFIED}: diagnosis only. */
    public static JsonMessageCodec inspecting(DeviceKeyLookup keys) {
        return new JsonMessageCodec(keys, NativeReportCodec.DEFAULT_MAX_CLOCK_AHEAD, false);
    }

    /** The {@code typ} of a JWS message's header, or {@code null} when it has none or is no JWS. */
    public static @Nullable String typeOf(byte[] message) {
        Jws jws = Jws.split(message);
        return jws == null ? null : jws.typ;
    }

    // ---------------------------------------------------------------------------------------------------- encoding

    public byte[] encodeAck(Uplink.Ack ack, byte[] key) {
        ObjectNode payload = base(ack.deviceId(), ack.counter(), ack.deviceTime());
        payload.put("cmd", ack.commandCounter());
        payload.put("status", ack.status().name());
        return Jws.sign(ACK_TYPE, ack.deviceId(), payload, key);
    }

    public byte[] encodeTimeRequest(Uplink.TimeRequest request, byte[] key) {
        return Jws.sign(
                TIME_REQUEST_TYPE,
                request.deviceId(),
                base(request.deviceId(), request.counter(), request.deviceTime()),
                key);
    }

    public byte[] encodeCommand(Downlink.Command command, byte[] key) {
        ObjectNode payload = base(command.deviceId(), command.counter(), command.issuedAt());
        payload.put("valid", command.validFor().toMinutes());
        switch (command.instruction()) {
            case Instruction.Unlock unlock -> {
                payload.put("op", "UNLOCK");
                payload.put("auth", unlock.authorisation());
            }
            case Instruction.SetReportInterval interval -> {
                payload.put("op", "SET_INTERVAL");
                payload.put("interval", interval.interval().getSeconds());
            }
            case Instruction.Ping ping -> payload.put("op", "PING");
            case Instruction.RotateKey rotate -> {
                payload.put("op", "ROTATE_KEY");
                byte[] wrapped = rotate.wrappedKey();
                byte[] text = new byte[Base64Url.encodedLength(wrapped.length)];
                Base64Url.encode(wrapped, wrapped.length, text, 0);
                payload.put("key", new String(text, StandardCharsets.US_ASCII));
            }
        }
        return Jws.sign(COMMAND_TYPE, command.deviceId(), payload, key);
    }

    public byte[] encodeTimeResponse(Downlink.TimeResponse response, byte[] key) {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("dev", response.deviceId().value());
        payload.put("req", response.requestCounter());
        payload.put("now", response.platformTime().toString());
        return Jws.sign(TIME_RESPONSE_TYPE, response.deviceId(), payload, key);
    }

    private static ObjectNode base(DeviceId device, long counter, Instant time) {
        if (counter < 0) {
            throw new IllegalArgumentException("counter must be ≥ 0: " + counter);
        }
        ObjectNode payload = JSON.createObjectNode();
        payload.put("dev", device.value());
        payload.put("ctr", counter);
        payload.put("t", time.toString());
        return payload;
    }

    // ---------------------------------------------------------------------------------------------------- decoding

    /** Decodes and verifies an acknowledgement or a time request from a device. */
    public UplinkResult decodeUplink(byte[] message, Instant receivedAt) {
        if (message.length > NativeProtocol.MAX_MESSAGE_BYTES) {
            return new UplinkResult.Rejected(RejectReason.OVERSIZED, "message exceeds 4096 bytes", null);
        }
        Jws jws = Jws.split(message);
        if (jws == null || jws.kid == null) {
            return new UplinkResult.Rejected(RejectReason.MALFORMED, "not a JWS message with a device kid", null);
        }
        DeviceId device = jws.kid;
        if (!ACK_TYPE.equals(jws.typ) && !TIME_REQUEST_TYPE.equals(jws.typ)) {
            return new UplinkResult.Rejected(RejectReason.UNSUPPORTED, "not an uplink typ: " + jws.typ, device);
        }
        byte[] key = keys.keyOf(device);
        TrustLevel trust = TrustLevel.SIGNED;
        if (key == null || key.length == 0) {
            if (keyRequired) {
                return new UplinkResult.Rejected(
                        RejectReason.UNKNOWN_DEVICE, "no key registered for device " + device, device);
            }
            trust = TrustLevel.IDENTIFIED;
        } else if (!jws.verify(key)) {
            return new UplinkResult.Rejected(
                    RejectReason.BAD_SIGNATURE, "signature does not match the key of device " + device, device);
        }
        try {
            JsonNode payload = jws.payload();
            long counter = counter(payload, "ctr");
            Instant time = instant(payload, "t");
            if (time.isAfter(receivedAt.plus(maxClockAhead))) {
                return new UplinkResult.Rejected(
                        RejectReason.FUTURE_DATED,
                        "device time " + time + " is ahead of receipt " + receivedAt,
                        device);
            }
            Uplink uplink;
            if (ACK_TYPE.equals(jws.typ)) {
                AckStatus status = AckStatus.valueOf(text(payload, "status"));
                uplink = new Uplink.Ack(device, counter, time, counter(payload, "cmd"), status);
            } else {
                uplink = new Uplink.TimeRequest(device, counter, time);
            }
            checkDevice(payload, device);
            return new UplinkResult.Accepted(uplink, trust);
        } catch (RuntimeException e) {
            return new UplinkResult.Rejected(RejectReason.MALFORMED, "payload: " + e.getMessage(), device);
        }
    }

    /** Decodes and verifies a command or a time response as a device does. */
    public static DownlinkResult decodeDownlink(byte[] message, DeviceId device, byte[] key) {
        Jws jws = Jws.split(message);
        if (jws == null || !device.equals(jws.kid)) {
            return new DownlinkResult.Rejected(RejectReason.MALFORMED, "not a JWS message for " + device);
        }
        if (!COMMAND_TYPE.equals(jws.typ) && !TIME_RESPONSE_TYPE.equals(jws.typ)) {
            return new DownlinkResult.Rejected(RejectReason.UNSUPPORTED, "not a downlink typ: " + jws.typ);
        }
        if (!jws.verify(key)) {
            return new DownlinkResult.Rejected(RejectReason.BAD_SIGNATURE, "signature does not match the device key");
        }
        try {
            JsonNode payload = jws.payload();
            checkDevice(payload, device);
            if (TIME_RESPONSE_TYPE.equals(jws.typ)) {
                return new DownlinkResult.Accepted(
                        new Downlink.TimeResponse(device, counter(payload, "req"), instant(payload, "now")));
            }
            Instruction instruction =
                    switch (text(payload, "op")) {
                        case "UNLOCK" -> new Instruction.Unlock(counter(payload, "auth"));
                        case "SET_INTERVAL" ->
                            new Instruction.SetReportInterval(Duration.ofSeconds(counter(payload, "interval")));
                        case "PING" -> new Instruction.Ping();
                        case "ROTATE_KEY" -> {
                            byte[] text = text(payload, "key").getBytes(StandardCharsets.US_ASCII);
                            byte[] wrapped = new byte[KeyWrap.WRAPPED_BYTES];
                            if (Base64Url.decodedLength(text.length) != KeyWrap.WRAPPED_BYTES
                                    || Base64Url.decode(text, 0, text.length, wrapped) != KeyWrap.WRAPPED_BYTES) {
                                throw new IllegalArgumentException("key is not a base64url wrapped key");
                            }
                            yield new Instruction.RotateKey(wrapped);
                        }
                        default -> throw new IllegalArgumentException("unknown op");
                    };
            return new DownlinkResult.Accepted(new Downlink.Command(
                    device,
                    counter(payload, "ctr"),
                    instant(payload, "t"),
                    Duration.ofMinutes(counter(payload, "valid")),
                    instruction));
        } catch (RuntimeException e) {
            return new DownlinkResult.Rejected(RejectReason.MALFORMED, "payload: " + e.getMessage());
        }
    }

    private static void checkDevice(JsonNode payload, DeviceId device) {
        if (!device.value().equals(text(payload, "dev"))) {
            throw new IllegalArgumentException("dev differs from kid");
        }
    }

    private static String text(JsonNode payload, String field) {
        JsonNode node = payload.get(field);
        if (node == null || !node.isString()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return node.asString();
    }

    private static long counter(JsonNode payload, String field) {
        JsonNode node = payload.get(field);
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 0) {
            throw new IllegalArgumentException(field + " must be an integer ≥ 0");
        }
        return node.asLong();
    }

    private static Instant instant(JsonNode payload, String field) {
        String text = text(payload, field);
        if (!text.endsWith("Z")) {
            throw new IllegalArgumentException(field + " must be an ISO-8601 UTC instant");
        }
        try {
            return UtcInstants.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " must be an ISO-8601 UTC instant");
        }
    }

    /** A JWS compact message split into its parts, header read. */
    private static final class Jws {
        final byte[] message;
        final int signedLength;
        final int payloadStart;
        final @Nullable DeviceId kid;
        final @Nullable String typ;

        private Jws(byte[] message, int signedLength, int payloadStart, @Nullable DeviceId kid, @Nullable String typ) {
            this.message = message;
            this.signedLength = signedLength;
            this.payloadStart = payloadStart;
            this.kid = kid;
            this.typ = typ;
        }

        static @Nullable Jws split(byte[] message) {
            if (message.length > NativeProtocol.MAX_MESSAGE_BYTES) {
                return null;
            }
            int dot1 = indexOf(message, 0);
            int dot2 = dot1 < 0 ? -1 : indexOf(message, dot1 + 1);
            if (dot2 < 0 || indexOf(message, dot2 + 1) >= 0) {
                return null;
            }
            byte[] header = new byte[message.length];
            int headerLength = Base64Url.decode(message, 0, dot1, header);
            if (headerLength < 0) {
                return null;
            }
            try {
                JsonNode node = JSON.readTree(Arrays.copyOf(header, headerLength));
                if (!node.isObject() || node.has("crit") || !"HS256".equals(stringOrNull(node.get("alg")))) {
                    return null;
                }
                String kid = stringOrNull(node.get("kid"));
                return new Jws(
                        message,
                        dot2,
                        dot1 + 1,
                        kid != null && DeviceId.isValid(kid) ? DeviceId.of(kid) : null,
                        stringOrNull(node.get("typ")));
            } catch (JacksonException e) {
                return null;
            }
        }

        private static @Nullable String stringOrNull(@Nullable JsonNode node) {
            return node != null && node.isString() ? node.asString() : null;
        }

        boolean verify(byte[] key) {
            byte[] expected = mac(key, message, signedLength);
            byte[] actual = new byte[expected.length];
            int signatureLength = message.length - signedLength - 1;
            if (signatureLength != Base64Url.encodedLength(32)
                    || Base64Url.decode(message, signedLength + 1, signatureLength, actual) != 32) {
                return false;
            }
            return MessageDigest.isEqual(expected, actual);
        }

        JsonNode payload() {
            byte[] payload = new byte[message.length];
            int length = Base64Url.decode(message, payloadStart, signedLength - payloadStart, payload);
            if (length < 0) {
                throw new IllegalArgumentException("not base64url");
            }
            JsonNode node;
            try {
                node = JSON.readTree(Arrays.copyOf(payload, length));
            } catch (JacksonException e) {
                throw new IllegalArgumentException("not JSON");
            }
            if (!node.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return node;
        }

        static byte[] sign(String typ, DeviceId kid, ObjectNode payload, byte[] key) {
            byte[] header = ("{\"alg\":\"HS256\",\"kid\":\"" + kid.value() + "\",\"typ\":\"" + typ + "\"}")
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] body = JSON.writeValueAsBytes(payload);
            int signedLength = Base64Url.encodedLength(header.length) + 1 + Base64Url.encodedLength(body.length);
            byte[] message = new byte[signedLength + 1 + Base64Url.encodedLength(32)];
            int at = Base64Url.encode(header, header.length, message, 0);
            message[at++] = '.';
            Base64Url.encode(body, body.length, message, at);
            message[signedLength] = '.';
            byte[] mac = mac(key, message, signedLength);
            Base64Url.encode(mac, mac.length, message, signedLength + 1);
            return message;
        }

        private static byte[] mac(byte[] key, byte[] message, int length) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                mac.update(message, 0, length);
                return mac.doFinal();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HMAC-SHA256 failed", e);
            }
        }

        private static int indexOf(byte[] bytes, int from) {
            for (int i = from; i < bytes.length; i++) {
                if (bytes[i] == '.') {
                    return i;
                }
            }
            return -1;
        }
    }
}
