package org.openects.codec.openects;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.openects.codec.RejectReason;
import org.openects.domain.Alarm;
import org.openects.domain.Channel;
import org.openects.domain.DeviceId;
import org.openects.domain.DoorState;
import org.openects.domain.GeoPosition;
import org.openects.domain.LockState;
import org.openects.domain.Report;
import org.openects.domain.SealState;
import org.openects.domain.TrustLevel;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Encoder and decoder of native protocol version 0 reports: a JWS compact serialization (RFC 7515) signed with
 * HS256 under the device's own key. The format is specified in {@code docs/device-protocol.md}.
 *
 * <p>{@link #decode} checks, in this order, the size, the JWS structure and header, that the device is known, the
 * signature (in constant time, before the payload is parsed), the payload fields, the coordinates and the device
 * clock. It never throws for bad input: every outcome is a {@link DecodeResult}.
 *
 * <p><b>Replay is not checked here.</b> Decoding is stateless so that any thread can decode any message; the counter
 * must then be screened by the device's {@link ReplayWindow} ({@link ReplayWindow#admit(DecodeResult)}) in the one
 * place that handles that device's messages in order. Only a verified counter may move a window, which is why the
 * check comes after the signature and not before.
 *
 * <p>Thread safe. Per-thread scratch buffers and {@link Mac} instances keep the decode path close to allocation-free
 * apart from the report itself and the JSON parser.
 */
public final class NativeReportCodec {

    /** How far a device clock may run ahead of the receive time when none is configured. */
    public static final Duration DEFAULT_MAX_CLOCK_AHEAD = Duration.ofMinutes(5);

    private static final String HMAC = "HmacSHA256";
    private static final int MAC_BYTES = 32;
    private static final int SIGNATURE_CHARS = Base64Url.encodedLength(MAC_BYTES);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, Alarm> ALARMS = new HashMap<>();
    private static final Map<String, SealState> SEALS = new HashMap<>();
    private static final Map<String, LockState> LOCKS = new HashMap<>();
    private static final Map<String, DoorState> DOORS = new HashMap<>();

    static {
        for (Alarm alarm : Alarm.values()) {
            ALARMS.put(alarm.name(), alarm);
        }
        for (SealState seal : SealState.values()) {
            SEALS.put(seal.name(), seal);
        }
        for (LockState lock : LockState.values()) {
            LOCKS.put(lock.name(), lock);
        }
        for (DoorState door : DoorState.values()) {
            DOORS.put(door.name(), door);
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final DeviceKeyLookup keys;
    private final Duration maxClockAhead;

    /** A codec with the default allowed clock skew of {@link #DEFAULT_MAX_CLOCK_AHEAD}. */
    public NativeReportCodec(DeviceKeyLookup keys) {
        this(keys, DEFAULT_MAX_CLOCK_AHEAD);
    }

    /**
     * @param keys where device keys are found
     * @param maxClockAhead how far a device time may be after the receive time before the report is {@link
     *     RejectReason#FUTURE_DATED}
     */
    public NativeReportCodec(DeviceKeyLookup keys, Duration maxClockAhead) {
        if (maxClockAhead.isNegative()) {
            throw new IllegalArgumentException("clock skew allowance must not be negative: " + maxClockAhead);
        }
        this.keys = Objects.requireNonNull(keys);
        this.maxClockAhead = maxClockAhead;
    }

    /** A codec for the signing side only (a device or the simulator): every decode is {@link RejectReason#UNKNOWN_DEVICE}. */
    public static NativeReportCodec signer() {
        return new NativeReportCodec(id -> null);
    }

    /**
     * Encodes and signs a report as a device would. Uses the report's device id, counter (must be ≥ 0), device time,
     * position and fix, speed, seal, battery, history flag and alarms; receive time, channel, trust and archive id are
     * the receiver's business and are not sent.
     *
     * @param key the device's key
     * @return the ASCII bytes of the JWS compact message
     * @throws IllegalArgumentException if the counter is negative or the key empty
     */
    public byte[] encode(Report report, byte[] key) {
        if (report.counter() < 0) {
            throw new IllegalArgumentException("a native report needs a counter ≥ 0: " + report.counter());
        }
        if (key.length == 0) {
            throw new IllegalArgumentException("empty key");
        }
        byte[] header = ("{\"alg\":\"" + NativeProtocol.ALGORITHM + "\",\"kid\":\""
                        + report.deviceId().value() + "\",\"typ\":\"" + NativeProtocol.REPORT_TYPE + "\"}")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] payload = payloadJson(report);
        int signedLength = Base64Url.encodedLength(header.length) + 1 + Base64Url.encodedLength(payload.length);
        byte[] message = new byte[signedLength + 1 + SIGNATURE_CHARS];
        int at = Base64Url.encode(header, header.length, message, 0);
        message[at++] = '.';
        Base64Url.encode(payload, payload.length, message, at);
        Scratch scratch = SCRATCH.get();
        scratch.sign(key, message, signedLength);
        message[signedLength] = '.';
        Base64Url.encode(scratch.mac, MAC_BYTES, message, signedLength + 1);
        if (message.length > NativeProtocol.MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("encoded report exceeds " + NativeProtocol.MAX_MESSAGE_BYTES + " bytes");
        }
        return message;
    }

    private static byte[] payloadJson(Report report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(192);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringProperty("dev", report.deviceId().value());
            json.writeNumberProperty("ctr", report.counter());
            json.writeStringProperty("t", report.deviceTime().toString());
            GeoPosition position = report.position();
            if (position != null) {
                json.writeNumberProperty("lat", position.latitude());
                json.writeNumberProperty("lon", position.longitude());
                if (!report.validFix()) {
                    json.writeBooleanProperty("fix", false);
                }
            }
            Double speed = report.speedKmh();
            if (speed != null) {
                json.writeNumberProperty("spd", speed);
            }
            json.writeStringProperty("seal", report.seal().name());
            // Written only when known, so that a reading without them encodes exactly as before they existed.
            if (report.lock() != LockState.UNKNOWN) {
                json.writeStringProperty("lock", report.lock().name());
            }
            if (report.door() != DoorState.UNKNOWN) {
                json.writeStringProperty("door", report.door().name());
            }
            Integer battery = report.batteryPercent();
            if (battery != null) {
                json.writeNumberProperty("bat", battery);
            }
            if (report.history()) {
                json.writeBooleanProperty("hist", true);
            }
            if (!report.alarms().isEmpty()) {
                json.writeArrayPropertyStart("alarms");
                for (Alarm alarm : EnumSet.copyOf(report.alarms())) {
                    json.writeString(alarm.name());
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    /**
     * Decodes and verifies one message. Does not check the counter against replay: see the class documentation.
     *
     * @param message the bytes as received
     * @param receivedAt when the platform received them; becomes the report's receive time and the reference for
     *     {@link RejectReason#FUTURE_DATED}
     * @param channel the bearer the message came over; recorded in the report
     */
    public DecodeResult decode(byte[] message, Instant receivedAt, Channel channel) {
        return decode(message, receivedAt, channel, true);
    }

    /**
     * Decodes one message for diagnosis (the {@code decode} command): verifies the signature when a key is known for
     * the device, and otherwise reads the payload unverified and returns the report with trust {@code IDENTIFIED}.
     * Never for ingestion.
     */
    public DecodeResult inspect(byte[] message, Instant receivedAt, Channel channel) {
        return decode(message, receivedAt, channel, false);
    }

    private DecodeResult decode(byte[] message, Instant receivedAt, Channel channel, boolean keyRequired) {
        int length = message.length;
        if (length > NativeProtocol.MAX_MESSAGE_BYTES) {
            return reject(
                    RejectReason.OVERSIZED,
                    "message of " + length + " bytes exceeds " + NativeProtocol.MAX_MESSAGE_BYTES,
                    null);
        }
        int dot1 = indexOfDot(message, 0);
        int dot2 = dot1 < 0 ? -1 : indexOfDot(message, dot1 + 1);
        if (dot2 < 0 || indexOfDot(message, dot2 + 1) >= 0) {
            return reject(RejectReason.MALFORMED, "not a JWS compact message of three parts", null);
        }
        Scratch scratch = SCRATCH.get();
        int headerLength = Base64Url.decode(message, 0, dot1, scratch.json);
        if (headerLength < 0) {
            return reject(RejectReason.MALFORMED, "header is not base64url without padding", null);
        }
        String headerError = parseHeader(scratch, headerLength);
        String kid = scratch.kid;
        if (headerError != null) {
            DeviceId claimed = kid != null && DeviceId.isValid(kid) ? DeviceId.of(kid) : null;
            return reject(RejectReason.MALFORMED, headerError, claimed);
        }
        DeviceId device = DeviceId.of(Objects.requireNonNull(kid));
        byte[] key = keys.keyOf(device);
        boolean verify = key != null && key.length > 0;
        if (!verify && keyRequired) {
            return reject(RejectReason.UNKNOWN_DEVICE, "no key registered for device " + device, device);
        }
        int signatureLength = length - dot2 - 1;
        if (signatureLength != SIGNATURE_CHARS) {
            return reject(
                    RejectReason.MALFORMED,
                    "signature must be " + SIGNATURE_CHARS + " base64url characters, got " + signatureLength,
                    device);
        }
        if (verify) {
            scratch.sign(Objects.requireNonNull(key), message, dot2);
            Base64Url.encode(scratch.mac, MAC_BYTES, scratch.expectedSignature, 0);
            System.arraycopy(message, dot2 + 1, scratch.actualSignature, 0, SIGNATURE_CHARS);
            if (!MessageDigest.isEqual(scratch.expectedSignature, scratch.actualSignature)) {
                return reject(
                        RejectReason.BAD_SIGNATURE, "signature does not match the key of device " + device, device);
            }
        }
        int payloadLength = Base64Url.decode(message, dot1 + 1, dot2 - dot1 - 1, scratch.json);
        if (payloadLength < 0) {
            return reject(RejectReason.MALFORMED, "payload is not base64url without padding", device);
        }
        return decodePayload(
                scratch.json,
                payloadLength,
                device,
                receivedAt,
                channel,
                verify ? TrustLevel.SIGNED : TrustLevel.IDENTIFIED);
    }

    private static final byte[] HEADER_START =
            ("{\"alg\":\"" + NativeProtocol.ALGORITHM + "\",\"kid\":\"").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEADER_END =
            ("\",\"typ\":\"" + NativeProtocol.REPORT_TYPE + "\"}").getBytes(StandardCharsets.US_ASCII);

    private static @Nullable String parseHeader(Scratch scratch, int length) {
        scratch.kid = canonicalHeaderKid(scratch.json, length);
        return scratch.kid != null ? null : parseAnyHeader(scratch, length);
    }

    /** The kid of a header in exactly the form the encoder writes, or {@code null} to take the general path. */
    private static @Nullable String canonicalHeaderKid(byte[] header, int length) {
        int kidLength = length - HEADER_START.length - HEADER_END.length;
        if (kidLength < 1 || kidLength > 64) {
            return null;
        }
        if (!Arrays.equals(header, 0, HEADER_START.length, HEADER_START, 0, HEADER_START.length)
                || !Arrays.equals(header, length - HEADER_END.length, length, HEADER_END, 0, HEADER_END.length)) {
            return null;
        }
        for (int i = HEADER_START.length, end = i + kidLength; i < end; i++) {
            byte b = header[i];
            boolean allowed = (b >= 'A' && b <= 'Z')
                    || (b >= 'a' && b <= 'z')
                    || (b >= '0' && b <= '9')
                    || b == '.'
                    || b == '-'
                    || b == '_';
            if (!allowed) {
                return null;
            }
        }
        return new String(header, HEADER_START.length, kidLength, StandardCharsets.US_ASCII);
    }

    private static @Nullable String parseAnyHeader(Scratch scratch, int length) {
        scratch.kid = null;
        String alg = null;
        String typ = null;
        try (JsonParser json = JSON.createParser(scratch.json, 0, length)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return "header is not a JSON object";
            }
            String name;
            while ((name = json.nextName()) != null) {
                JsonToken token = json.nextToken();
                switch (name) {
                    case "alg", "kid", "typ" -> {
                        if (token != JsonToken.VALUE_STRING) {
                            return "header " + name + " must be a string";
                        }
                        String value = json.getString();
                        if (name.equals("alg")) {
                            alg = value;
                        } else if (name.equals("kid")) {
                            scratch.kid = value;
                        } else {
                            typ = value;
                        }
                    }
                    case "crit" -> {
                        return "header has critical extensions this decoder does not understand";
                    }
                    default -> json.skipChildren();
                }
            }
            if (json.nextToken() != null) {
                return "trailing content after the header";
            }
        } catch (JacksonException e) {
            return "header is not valid JSON";
        }
        if (!NativeProtocol.ALGORITHM.equals(alg)) {
            return "alg must be " + NativeProtocol.ALGORITHM + ", got " + alg;
        }
        if (!NativeProtocol.REPORT_TYPE.equals(typ)) {
            return "typ must be " + NativeProtocol.REPORT_TYPE + ", got " + typ;
        }
        String kid = scratch.kid;
        if (kid == null || !DeviceId.isValid(kid)) {
            return "kid must be a device id (1-64 letters, digits, '.', '-', '_')";
        }
        return null;
    }

    private DecodeResult decodePayload(
            byte[] bytes, int length, DeviceId device, Instant receivedAt, Channel channel, TrustLevel trust) {
        String dev = null;
        long counter = -1;
        String time = null;
        double lat = Double.NaN;
        double lon = Double.NaN;
        boolean hasLat = false;
        boolean hasLon = false;
        Boolean fix = null;
        Double speed = null;
        SealState seal = SealState.UNKNOWN;
        LockState lock = LockState.UNKNOWN;
        DoorState door = DoorState.UNKNOWN;
        Integer battery = null;
        boolean history = false;
        Set<Alarm> alarms = Set.of();
        int seen = 0;
        try (JsonParser json = JSON.createParser(bytes, 0, length)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return malformed("payload is not a JSON object", device);
            }
            String name;
            while ((name = json.nextName()) != null) {
                JsonToken token = json.nextToken();
                int field = fieldBit(name);
                if (field == 0) {
                    json.skipChildren();
                    continue;
                }
                if ((seen & field) != 0) {
                    return malformed("field " + name + " appears twice", device);
                }
                seen |= field;
                if (token == JsonToken.VALUE_NULL && field > F_T) {
                    continue; // optional fields may be sent as null, meaning absent
                }
                switch (field) {
                    case F_DEV -> {
                        if (token != JsonToken.VALUE_STRING) {
                            return malformed("dev must be a string", device);
                        }
                        dev = json.getString();
                    }
                    case F_CTR -> {
                        if (token != JsonToken.VALUE_NUMBER_INT) {
                            return malformed("ctr must be an integer", device);
                        }
                        counter = json.getLongValue();
                        if (counter < 0) {
                            return malformed("ctr must not be negative", device);
                        }
                    }
                    case F_T -> {
                        if (token != JsonToken.VALUE_STRING) {
                            return malformed("t must be a string", device);
                        }
                        time = json.getString();
                    }
                    case F_LAT, F_LON -> {
                        if (!token.isNumeric()) {
                            return malformed(name + " must be a number", device);
                        }
                        if (field == F_LAT) {
                            lat = json.getDoubleValue();
                            hasLat = true;
                        } else {
                            lon = json.getDoubleValue();
                            hasLon = true;
                        }
                    }
                    case F_FIX, F_HIST -> {
                        if (!token.isBoolean()) {
                            return malformed(name + " must be true or false", device);
                        }
                        if (field == F_FIX) {
                            fix = token == JsonToken.VALUE_TRUE;
                        } else {
                            history = token == JsonToken.VALUE_TRUE;
                        }
                    }
                    case F_SPD -> {
                        if (!token.isNumeric()) {
                            return malformed("spd must be a number", device);
                        }
                        double value = json.getDoubleValue();
                        if (!Double.isFinite(value) || value < 0) {
                            return malformed("spd must be a finite number ≥ 0", device);
                        }
                        speed = value;
                    }
                    case F_SEAL -> {
                        SealState value = token == JsonToken.VALUE_STRING ? SEALS.get(json.getString()) : null;
                        if (value == null) {
                            return malformed("seal must be one of CLOSED, OPEN, TAMPERED, UNKNOWN", device);
                        }
                        seal = value;
                    }
                    case F_LOCK -> {
                        LockState value = token == JsonToken.VALUE_STRING ? LOCKS.get(json.getString()) : null;
                        if (value == null) {
                            return malformed("lock must be one of LOCKED, UNLOCKED, UNKNOWN", device);
                        }
                        lock = value;
                    }
                    case F_DOOR -> {
                        DoorState value = token == JsonToken.VALUE_STRING ? DOORS.get(json.getString()) : null;
                        if (value == null) {
                            return malformed("door must be one of CLOSED, OPEN, UNKNOWN", device);
                        }
                        door = value;
                    }
                    case F_BAT -> {
                        if (token != JsonToken.VALUE_NUMBER_INT) {
                            return malformed("bat must be an integer", device);
                        }
                        long value = json.getLongValue();
                        if (value < 0 || value > 100) {
                            return malformed("bat must be 0-100", device);
                        }
                        battery = (int) value;
                    }
                    case F_ALARMS -> {
                        if (token != JsonToken.START_ARRAY) {
                            return malformed("alarms must be an array", device);
                        }
                        EnumSet<Alarm> set = EnumSet.noneOf(Alarm.class);
                        JsonToken item;
                        while ((item = json.nextToken()) != JsonToken.END_ARRAY) {
                            Alarm alarm = item == JsonToken.VALUE_STRING ? ALARMS.get(json.getString()) : null;
                            if (alarm == null) {
                                return malformed("alarms holds something that is not a known alarm name", device);
                            }
                            set.add(alarm);
                        }
                        alarms = set;
                    }
                    default -> throw new IllegalStateException("unhandled field " + name);
                }
            }
            if (json.nextToken() != null) {
                return malformed("trailing content after the payload", device);
            }
        } catch (JacksonException e) {
            return malformed("payload is not valid JSON or a number is out of range", device);
        }
        if (dev == null || counter < 0 || time == null) {
            return malformed("payload must have dev, ctr and t", device);
        }
        if (!dev.equals(device.value())) {
            return malformed("dev " + dev + " differs from kid " + device, device);
        }
        if (hasLat != hasLon) {
            return malformed("lat and lon come together or not at all", device);
        }
        Instant deviceTime;
        try {
            if (!time.endsWith("Z")) {
                return malformed("t must be an ISO-8601 UTC instant ending in Z", device);
            }
            deviceTime = UtcInstants.parse(time);
        } catch (DateTimeParseException e) {
            return malformed("t must be an ISO-8601 UTC instant", device);
        }
        GeoPosition position = null;
        if (hasLat) {
            if (!GeoPosition.isValid(lat, lon)) {
                return reject(
                        RejectReason.IMPOSSIBLE_COORDINATES, "impossible coordinates " + lat + ", " + lon, device);
            }
            position = new GeoPosition(lat, lon);
        }
        if (deviceTime.isBefore(Report.EARLIEST_TIME)) {
            return reject(
                    RejectReason.PAST_DATED,
                    "device time " + deviceTime + " is before " + Report.EARLIEST_TIME,
                    device);
        }
        if (deviceTime.isAfter(receivedAt.plus(maxClockAhead))) {
            return reject(
                    RejectReason.FUTURE_DATED,
                    "device time " + deviceTime + " is more than " + maxClockAhead + " after receipt at " + receivedAt,
                    device);
        }
        Report report = Report.builder(device, deviceTime)
                .counter(counter)
                .receivedAt(receivedAt)
                .position(position, position != null && (fix == null || fix))
                .speedKmh(speed)
                .seal(seal)
                .lock(lock)
                .door(door)
                .batteryPercent(battery)
                .history(history)
                .channel(channel)
                .trust(trust)
                .alarms(alarms)
                .build();
        return new DecodeResult.Accepted(report);
    }

    private static final int F_DEV = 1;
    private static final int F_CTR = 1 << 1;
    private static final int F_T = 1 << 2;
    private static final int F_LAT = 1 << 3;
    private static final int F_LON = 1 << 4;
    private static final int F_FIX = 1 << 5;
    private static final int F_SPD = 1 << 6;
    private static final int F_SEAL = 1 << 7;
    private static final int F_BAT = 1 << 8;
    private static final int F_HIST = 1 << 9;
    private static final int F_ALARMS = 1 << 10;
    private static final int F_LOCK = 1 << 11;
    private static final int F_DOOR = 1 << 12;

    private static int fieldBit(String name) {
        return switch (name) {
            case "dev" -> F_DEV;
            case "ctr" -> F_CTR;
            case "t" -> F_T;
            case "lat" -> F_LAT;
            case "lon" -> F_LON;
            case "fix" -> F_FIX;
            case "spd" -> F_SPD;
            case "seal" -> F_SEAL;
            case "bat" -> F_BAT;
            case "hist" -> F_HIST;
            case "alarms" -> F_ALARMS;
            case "lock" -> F_LOCK;
            case "door" -> F_DOOR;
            default -> 0;
        };
    }

    private static int indexOfDot(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '.') {
                return i;
            }
        }
        return -1;
    }

    private static DecodeResult malformed(String detail, DeviceId device) {
        return reject(RejectReason.MALFORMED, detail, device);
    }

    private static DecodeResult reject(RejectReason reason, String detail, @Nullable DeviceId device) {
        return new DecodeResult.Rejected(reason, detail, device);
    }

    /** Per-thread buffers and MAC, so that decoding allocates little. */
    private static final class Scratch {
        final byte[] json = new byte[NativeProtocol.MAX_MESSAGE_BYTES];
        final byte[] mac = new byte[MAC_BYTES];
        final byte[] expectedSignature = new byte[SIGNATURE_CHARS];
        final byte[] actualSignature = new byte[SIGNATURE_CHARS];
        final Mac hmac;

        @Nullable
        String kid;

        Scratch() {
            try {
                hmac = Mac.getInstance(HMAC);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK has no " + HMAC, e);
            }
        }

        void sign(byte[] key, byte[] message, int length) {
            try {
                hmac.init(new SecretKeySpec(key, HMAC));
                hmac.update(message, 0, length);
                hmac.doFinal(mac, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HMAC-SHA256 failed", e);
            }
        }
    }
}
