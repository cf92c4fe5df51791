package org.openects.codec.openects;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Objects;
import org.openects.codec.DeviceMessage;
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
 * their version 0 form and {@link NativeReportCodec}; the JWS itself is {@link JwsMessage}'s. Same rules as reports: compact JWS, canonical base64url, the
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

    // ---------------------------------------------------------------------------------------------------- encoding

    public byte[] encodeAck(Uplink.Ack ack, byte[] key) {
        ObjectNode payload = base(ack.deviceId(), ack.counter(), ack.deviceTime());
        payload.put("cmd", ack.commandCounter());
        payload.put("status", ack.status().name());
        return JwsMessage.sign(ACK_TYPE, ack.deviceId(), JSON.writeValueAsBytes(payload), key);
    }

    public byte[] encodeTimeRequest(Uplink.TimeRequest request, byte[] key) {
        ObjectNode payload = base(request.deviceId(), request.counter(), request.deviceTime());
        return JwsMessage.sign(TIME_REQUEST_TYPE, request.deviceId(), JSON.writeValueAsBytes(payload), key);
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
        return JwsMessage.sign(COMMAND_TYPE, command.deviceId(), JSON.writeValueAsBytes(payload), key);
    }

    public byte[] encodeTimeResponse(Downlink.TimeResponse response, byte[] key) {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("dev", response.deviceId().value());
        payload.put("req", response.requestCounter());
        payload.put("now", response.platformTime().toString());
        return JwsMessage.sign(TIME_RESPONSE_TYPE, response.deviceId(), JSON.writeValueAsBytes(payload), key);
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

    /**
     * Decodes and verifies an acknowledgement or a time request from a device: a {@link
     * DeviceMessage.CommandOutcome} or {@link DeviceMessage.TimeRequest}, or the {@link DeviceMessage.Rejected} that
     * says why not. Never throws for bad input.
     */
    public DeviceMessage decodeUplink(byte[] message, Instant receivedAt) {
        try {
            return decodeUplink(JwsMessage.parse(message), receivedAt);
        } catch (Refusal refusal) {
            return refusal.rejection(null);
        }
    }

    /**
     * Decodes a message whose header was read already (by {@link OpenEctsCodec}'s dispatch).
     *
     * @throws Refusal when it is no uplink message, not signed by its device's key, malformed or future dated
     */
    DeviceMessage decodeUplink(JwsMessage jws, Instant receivedAt) {
        DeviceId device = jws.device();
        String typ = jws.typ();
        if (!ACK_TYPE.equals(typ) && !TIME_REQUEST_TYPE.equals(typ)) {
            throw new Refusal(RejectReason.UNSUPPORTED, "not an uplink typ: " + typ, device);
        }
        byte[] key = keys.keyOf(device);
        TrustLevel trust = TrustLevel.SIGNED;
        if (key == null || key.length == 0) {
            if (keyRequired) {
                throw new Refusal(RejectReason.UNKNOWN_DEVICE, "no key registered for device " + device, device);
            }
            trust = TrustLevel.IDENTIFIED;
        } else if (!jws.verify(key)) {
            throw new Refusal(
                    RejectReason.BAD_SIGNATURE, "signature does not match the key of device " + device, device);
        }
        JsonNode payload = payload(jws);
        try {
            long counter = counter(payload, "ctr");
            Instant time = instant(payload, "t");
            if (time.isAfter(receivedAt.plus(maxClockAhead))) {
                throw new Refusal(
                        RejectReason.FUTURE_DATED,
                        "device time " + time + " is ahead of receipt " + receivedAt,
                        device);
            }
            DeviceMessage decoded;
            if (ACK_TYPE.equals(typ)) {
                AckStatus status = AckStatus.valueOf(text(payload, "status"));
                decoded =
                        new DeviceMessage.CommandOutcome(device, counter, time, counter(payload, "cmd"), status, trust);
            } else {
                decoded = new DeviceMessage.TimeRequest(device, counter, time, trust);
            }
            checkDevice(payload, device);
            return decoded;
        } catch (Refusal refusal) {
            throw refusal;
        } catch (RuntimeException e) {
            throw new Refusal(RejectReason.MALFORMED, "payload: " + e.getMessage(), device);
        }
    }

    /** Decodes and verifies a command or a time response as a device does. */
    public static DownlinkResult decodeDownlink(byte[] message, DeviceId device, byte[] key) {
        JwsMessage jws;
        try {
            jws = JwsMessage.parse(message);
        } catch (Refusal refusal) {
            return new DownlinkResult.Rejected(RejectReason.MALFORMED, "not a JWS message for " + device);
        }
        if (!device.equals(jws.device())) {
            return new DownlinkResult.Rejected(RejectReason.MALFORMED, "not a JWS message for " + device);
        }
        if (!COMMAND_TYPE.equals(jws.typ()) && !TIME_RESPONSE_TYPE.equals(jws.typ())) {
            return new DownlinkResult.Rejected(RejectReason.UNSUPPORTED, "not a downlink typ: " + jws.typ());
        }
        if (!jws.verify(key)) {
            return new DownlinkResult.Rejected(RejectReason.BAD_SIGNATURE, "signature does not match the device key");
        }
        try {
            JsonNode payload = payload(jws);
            checkDevice(payload, device);
            if (TIME_RESPONSE_TYPE.equals(jws.typ())) {
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

    /** The payload as one JSON object (members given once). */
    private static JsonNode payload(JwsMessage jws) {
        byte[] bytes = new byte[NativeProtocol.MAX_MESSAGE_BYTES];
        int length;
        try {
            length = jws.decodePayload(bytes);
        } catch (Refusal refusal) {
            throw new Refusal(RejectReason.MALFORMED, "payload: not base64url", jws.device());
        }
        JsonNode node;
        try {
            node = JSON.readTree(Arrays.copyOf(bytes, length));
        } catch (JacksonException e) {
            throw new Refusal(RejectReason.MALFORMED, "payload: not JSON", jws.device());
        }
        if (!node.isObject()) {
            throw new Refusal(RejectReason.MALFORMED, "payload: not a JSON object", jws.device());
        }
        return node;
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
}
