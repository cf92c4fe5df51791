package org.openects.codec.openects;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
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
 * The JSON payload of a version 0 report ({@code docs/device-protocol.md}, section 2): written by {@link #write},
 * read by {@link #read} with a streaming parser (every field once, of its type; {@code dev}, {@code ctr} and {@code t}
 * required; optional fields may be {@code null}; unknown fields skipped), then checked for plausibility (coordinates on
 * the globe, device time neither before {@link Report#EARLIEST_TIME} nor too far after receipt).
 */
final class ReportPayload {

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

    private ReportPayload() {}

    /** The payload JSON of {@code report}: device, counter, device time and the readings it holds. */
    static byte[] write(Report report) {
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
     * Reads a report payload of {@code length} bytes of {@code bytes} for {@code device} (the header's {@code kid}),
     * checking its fields, its coordinates and its device time against {@code receivedAt}.
     *
     * @throws Refusal when a field is missing, mistyped or given twice, or the reading is implausible
     */
    static Report read(
            byte[] bytes,
            int length,
            DeviceId device,
            Instant receivedAt,
            Duration maxClockAhead,
            Channel channel,
            TrustLevel trust) {
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
                throw malformed("payload is not a JSON object", device);
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
                    throw malformed("field " + name + " appears twice", device);
                }
                seen |= field;
                if (token == JsonToken.VALUE_NULL && field > F_T) {
                    continue; // optional fields may be sent as null, meaning absent
                }
                switch (field) {
                    case F_DEV -> {
                        if (token != JsonToken.VALUE_STRING) {
                            throw malformed("dev must be a string", device);
                        }
                        dev = json.getString();
                    }
                    case F_CTR -> {
                        if (token != JsonToken.VALUE_NUMBER_INT) {
                            throw malformed("ctr must be an integer", device);
                        }
                        counter = json.getLongValue();
                        if (counter < 0) {
                            throw malformed("ctr must not be negative", device);
                        }
                    }
                    case F_T -> {
                        if (token != JsonToken.VALUE_STRING) {
                            throw malformed("t must be a string", device);
                        }
                        time = json.getString();
                    }
                    case F_LAT, F_LON -> {
                        if (!token.isNumeric()) {
                            throw malformed(name + " must be a number", device);
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
                            throw malformed(name + " must be true or false", device);
                        }
                        if (field == F_FIX) {
                            fix = token == JsonToken.VALUE_TRUE;
                        } else {
                            history = token == JsonToken.VALUE_TRUE;
                        }
                    }
                    case F_SPD -> {
                        if (!token.isNumeric()) {
                            throw malformed("spd must be a number", device);
                        }
                        double value = json.getDoubleValue();
                        if (!Double.isFinite(value) || value < 0) {
                            throw malformed("spd must be a finite number ≥ 0", device);
                        }
                        speed = value;
                    }
                    case F_SEAL -> {
                        SealState value = token == JsonToken.VALUE_STRING ? SEALS.get(json.getString()) : null;
                        if (value == null) {
                            throw malformed("seal must be one of CLOSED, OPEN, TAMPERED, UNKNOWN", device);
                        }
                        seal = value;
                    }
                    case F_LOCK -> {
                        LockState value = token == JsonToken.VALUE_STRING ? LOCKS.get(json.getString()) : null;
                        if (value == null) {
                            throw malformed("lock must be one of LOCKED, UNLOCKED, UNKNOWN", device);
                        }
                        lock = value;
                    }
                    case F_DOOR -> {
                        DoorState value = token == JsonToken.VALUE_STRING ? DOORS.get(json.getString()) : null;
                        if (value == null) {
                            throw malformed("door must be one of CLOSED, OPEN, UNKNOWN", device);
                        }
                        door = value;
                    }
                    case F_BAT -> {
                        if (token != JsonToken.VALUE_NUMBER_INT) {
                            throw malformed("bat must be an integer", device);
                        }
                        long value = json.getLongValue();
                        if (value < 0 || value > 100) {
                            throw malformed("bat must be 0-100", device);
                        }
                        battery = (int) value;
                    }
                    case F_ALARMS -> {
                        if (token != JsonToken.START_ARRAY) {
                            throw malformed("alarms must be an array", device);
                        }
                        EnumSet<Alarm> set = EnumSet.noneOf(Alarm.class);
                        JsonToken item;
                        while ((item = json.nextToken()) != JsonToken.END_ARRAY) {
                            Alarm alarm = item == JsonToken.VALUE_STRING ? ALARMS.get(json.getString()) : null;
                            if (alarm == null) {
                                throw malformed("alarms holds something that is not a known alarm name", device);
                            }
                            set.add(alarm);
                        }
                        alarms = set;
                    }
                    default -> throw new IllegalStateException("unhandled field " + name);
                }
            }
            if (json.nextToken() != null) {
                throw malformed("trailing content after the payload", device);
            }
        } catch (JacksonException e) {
            throw malformed("payload is not valid JSON or a number is out of range", device);
        }
        if (dev == null || counter < 0 || time == null) {
            throw malformed("payload must have dev, ctr and t", device);
        }
        if (!dev.equals(device.value())) {
            throw malformed("dev " + dev + " differs from kid " + device, device);
        }
        if (hasLat != hasLon) {
            throw malformed("lat and lon come together or not at all", device);
        }
        Instant deviceTime;
        try {
            if (!time.endsWith("Z")) {
                throw malformed("t must be an ISO-8601 UTC instant ending in Z", device);
            }
            deviceTime = UtcInstants.parse(time);
        } catch (DateTimeParseException e) {
            throw malformed("t must be an ISO-8601 UTC instant", device);
        }
        GeoPosition position = null;
        if (hasLat) {
            if (!GeoPosition.isValid(lat, lon)) {
                throw new Refusal(
                        RejectReason.IMPOSSIBLE_COORDINATES, "impossible coordinates " + lat + ", " + lon, device);
            }
            position = new GeoPosition(lat, lon);
        }
        if (deviceTime.isBefore(Report.EARLIEST_TIME)) {
            throw new Refusal(
                    RejectReason.PAST_DATED,
                    "device time " + deviceTime + " is before " + Report.EARLIEST_TIME,
                    device);
        }
        if (deviceTime.isAfter(receivedAt.plus(maxClockAhead))) {
            throw new Refusal(
                    RejectReason.FUTURE_DATED,
                    "device time " + deviceTime + " is more than " + maxClockAhead + " after receipt at " + receivedAt,
                    device);
        }
        return Report.builder(device, deviceTime)
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

    private static Refusal malformed(String detail, DeviceId device) {
        return new Refusal(RejectReason.MALFORMED, detail, device);
    }
}
