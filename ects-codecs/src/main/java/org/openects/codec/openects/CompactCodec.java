package org.openects.codec.openects;

import static org.openects.codec.openects.CompactProtocol.ACK;
import static org.openects.codec.openects.CompactProtocol.BATCH;
import static org.openects.codec.openects.CompactProtocol.BATCH_HEADER_BYTES;
import static org.openects.codec.openects.CompactProtocol.COMMAND;
import static org.openects.codec.openects.CompactProtocol.HELLO;
import static org.openects.codec.openects.CompactProtocol.MAX_MESSAGE_BYTES;
import static org.openects.codec.openects.CompactProtocol.MAX_U32;
import static org.openects.codec.openects.CompactProtocol.REPORT;
import static org.openects.codec.openects.CompactProtocol.REPORT_BYTES;
import static org.openects.codec.openects.CompactProtocol.TAG_BYTES;
import static org.openects.codec.openects.CompactProtocol.TIME_REQUEST;
import static org.openects.codec.openects.CompactProtocol.TIME_RESPONSE;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.openects.codec.RejectReason;
import org.openects.codec.openects.ByteReader.FormatException;
import org.openects.domain.Alarm;
import org.openects.domain.Channel;
import org.openects.domain.DeviceId;
import org.openects.domain.DoorState;
import org.openects.domain.GeoPosition;
import org.openects.domain.LockState;
import org.openects.domain.Report;
import org.openects.domain.SealState;
import org.openects.domain.TrustLevel;

/**
 * Encoder and decoder of the compact binary encoding of native protocol version 1 (section 3 of {@code
 * docs/device-protocol.md}): single reports of {@value CompactProtocol#REPORT_BYTES} bytes, delta-encoded batches,
 * acknowledgements, time requests, and the downlink commands and time responses. Every signed message ends in a
 * {@value CompactProtocol#TAG_BYTES}-byte HMAC-SHA256 tag bound to the device id, which the compact form does not
 * carry: the transport names the device (MQTT topic, Iridium IMEI, a hello frame on TCP or HTTP).
 *
 * <p>{@link #decodeUplink} checks, in this order: size, type, length, that a device is named, its key, the tag
 * (constant time, before any field is interpreted), the fields, the coordinates and the device clock. It never
 * throws for bad input. Like {@link NativeReportCodec}, it does not screen counters: the caller passes every counter
 * of an accepted message through the device's {@link ReplayWindow}.
 *
 * <p>Thread safe.
 */
public final class CompactCodec {

    /** The alarm of each bit of the compact alarm field, bit 0 first. */
    private static final Alarm[] ALARM_BITS = {
        Alarm.SOS,
        Alarm.TAMPER,
        Alarm.BOX_OPENED,
        Alarm.POWER_CUT,
        Alarm.POWER_RESTORED,
        Alarm.LOW_BATTERY,
        Alarm.IGNITION_ON,
        Alarm.IGNITION_OFF,
        Alarm.HARSH_DRIVING,
        Alarm.OVER_THE_AIR_CHANGE
    };

    private static final SealState[] SEALS = {SealState.UNKNOWN, SealState.CLOSED, SealState.OPEN, SealState.TAMPERED};
    private static final LockState[] LOCKS = {LockState.UNKNOWN, LockState.LOCKED, LockState.UNLOCKED};
    private static final DoorState[] DOORS = {DoorState.UNKNOWN, DoorState.CLOSED, DoorState.OPEN};

    private static final int FLAG_POSITION = 1;
    private static final int FLAG_FIX = 1 << 1;
    private static final int FLAG_HISTORY = 1 << 2;
    private static final int UNKNOWN_BYTE = 0xff;
    private static final double SCALE = 1e7;

    static final int ACK_BYTES = 1 + 4 + 4 + 4 + 1 + TAG_BYTES;
    static final int TIME_REQUEST_BYTES = 1 + 4 + 4 + TAG_BYTES;
    static final int TIME_RESPONSE_BYTES = 1 + 4 + 4 + 2 + TAG_BYTES;
    static final int COMMAND_HEADER_BYTES = 1 + 4 + 4 + 2 + 1;

    private final DeviceKeyLookup keys;
    private final Duration maxClockAhead;
    private final boolean keyRequired;

    /** A verifying codec with the default clock allowance of {@link CompactProtocol.DEFAULT_MAX_CLOCK_AHEAD}. */
    public CompactCodec(DeviceKeyLookup keys) {
        this(keys, CompactProtocol.DEFAULT_MAX_CLOCK_AHEAD, true);
    }

    /** A verifying codec: a device without a key is {@link RejectReason#UNKNOWN_DEVICE}. */
    public CompactCodec(DeviceKeyLookup keys, Duration maxClockAhead) {
        this(keys, maxClockAhead, true);
    }

    private CompactCodec(DeviceKeyLookup keys, Duration maxClockAhead, boolean keyRequired) {
        if (maxClockAhead.isNegative()) {
            throw new IllegalArgumentException("clock skew allowance must not be negative: " + maxClockAhead);
        }
        this.keys = Objects.requireNonNull(keys);
        this.maxClockAhead = maxClockAhead;
        this.keyRequired = keyRequired;
    }

    /**
     * A codec for diagnosis (the {@code decode} command): verifies the tag when {@code keys} knows the device, and
     * otherwise reads the message without verifying it and accepts it with trust {@code IDENTIFIED}. Never for
     * ingestion.
     */
    public static CompactCodec inspecting(DeviceKeyLookup keys) {
        return new CompactCodec(keys, CompactProtocol.DEFAULT_MAX_CLOCK_AHEAD, false);
    }

    /** A codec for the signing side only (a device, the simulator, the platform's command sender). */
    public static CompactCodec signer() {
        return new CompactCodec(id -> null);
    }

    // ---------------------------------------------------------------------------------------------------- encoding

    /**
     * Encodes and signs one report as a device would, in {@value CompactProtocol#REPORT_BYTES} bytes. Sent: counter
     * (0 to 2^32-1), device time (whole seconds), position and fix, speed (whole km/h, 254 at most), course (2°
     * steps), battery, seal, lock, door, history flag and alarms.
     *
     * @throws IllegalArgumentException when the counter or time is outside the compact range, or the key is empty
     */
    public byte[] encodeReport(Report report, byte[] key) {
        ByteWriter out = new ByteWriter(REPORT_BYTES);
        out.u8(REPORT).u32(counterOf(report)).u32(secondsOf(report.deviceTime()));
        GeoPosition position = report.position();
        out.s32(position == null ? 0 : scaled(position.latitude()));
        out.s32(position == null ? 0 : scaled(position.longitude()));
        out.u8(speedByte(report)).u8(courseByte(report)).u8(batteryByte(report));
        out.u8(stateByte(report)).u8(flagsByte(report)).u16(alarmBits(report.alarms()));
        return sign(out, report.deviceId(), key);
    }

    /**
     * Encodes and signs reports of one device as a batch: a shared header (count, first counter, first time), each
     * report as deltas from the one before, one tag. Counters must increase strictly.
     *
     * @throws IllegalArgumentException when the list is empty or too long, mixes devices, counters do not increase,
     *     or the batch exceeds {@value CompactProtocol#MAX_MESSAGE_BYTES} bytes
     */
    public byte[] encodeBatch(List<Report> reports, byte[] key) {
        if (reports.isEmpty() || reports.size() > CompactProtocol.MAX_BATCH_REPORTS) {
            throw new IllegalArgumentException("a batch holds 1 to 255 reports: " + reports.size());
        }
        DeviceId device = reports.getFirst().deviceId();
        long baseCounter = counterOf(reports.getFirst());
        long baseTime = secondsOf(reports.getFirst().deviceTime());
        ByteWriter out = new ByteWriter(BATCH_HEADER_BYTES + 16 * reports.size() + TAG_BYTES);
        out.u8(BATCH).u8(reports.size()).u32(baseCounter).u32(baseTime);
        long previousCounter = baseCounter - 1;
        long previousTime = baseTime;
        int previousLat = 0;
        int previousLon = 0;
        for (Report report : reports) {
            if (!report.deviceId().equals(device)) {
                throw new IllegalArgumentException("a batch holds reports of one device");
            }
            long counter = counterOf(report);
            if (counter <= previousCounter) {
                throw new IllegalArgumentException("counters in a batch must increase: " + counter);
            }
            long time = secondsOf(report.deviceTime());
            out.varint(counter - previousCounter - 1);
            out.zigzag((int) (time - previousTime));
            out.u8(flagsByte(report));
            GeoPosition position = report.position();
            if (position != null) {
                int lat = scaled(position.latitude());
                int lon = scaled(position.longitude());
                out.zigzag(lat - previousLat).zigzag(lon - previousLon);
                previousLat = lat;
                previousLon = lon;
            }
            out.u8(speedByte(report))
                    .u8(courseByte(report))
                    .u8(batteryByte(report))
                    .u8(stateByte(report));
            out.varint(alarmBits(report.alarms()));
            previousCounter = counter;
            previousTime = time;
        }
        if (out.length() + TAG_BYTES > MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("batch exceeds " + MAX_MESSAGE_BYTES + " bytes; split it");
        }
        return sign(out, device, key);
    }

    /** The unsigned hello that names the device on a raw TCP connection or at the start of an HTTP body. */
    public byte[] encodeHello(DeviceId device) {
        byte[] id = device.value().getBytes(StandardCharsets.US_ASCII);
        return new ByteWriter(2 + id.length).u8(HELLO).u8(id.length).bytes(id).toByteArray();
    }

    /** Encodes and signs an acknowledgement as a device would. */
    public byte[] encodeAck(Uplink.Ack ack, byte[] key) {
        ByteWriter out = new ByteWriter(ACK_BYTES)
                .u8(ACK)
                .u32(checkU32(ack.counter(), "counter"))
                .u32(secondsOf(ack.deviceTime()))
                .u32(checkU32(ack.commandCounter(), "command counter"))
                .u8(ack.status().ordinal());
        return sign(out, ack.deviceId(), key);
    }

    /** Encodes and signs a time request as a device would. */
    public byte[] encodeTimeRequest(Uplink.TimeRequest request, byte[] key) {
        ByteWriter out = new ByteWriter(TIME_REQUEST_BYTES)
                .u8(TIME_REQUEST)
                .u32(checkU32(request.counter(), "counter"))
                .u32(secondsOf(request.deviceTime()));
        return sign(out, request.deviceId(), key);
    }

    /** Encodes and signs a command as the platform does. */
    public byte[] encodeCommand(Downlink.Command command, byte[] key) {
        ByteWriter out = new ByteWriter(COMMAND_HEADER_BYTES + KeyWrap.WRAPPED_BYTES + TAG_BYTES)
                .u8(COMMAND)
                .u32(command.counter())
                .u32(secondsOf(command.issuedAt()))
                .u16((int) command.validFor().toMinutes());
        switch (command.instruction()) {
            case Instruction.Unlock unlock -> out.u8(Opcode.UNLOCK).u32(unlock.authorisation());
            case Instruction.SetReportInterval interval ->
                out.u8(Opcode.SET_INTERVAL).u32(interval.interval().getSeconds());
            case Instruction.Ping ping -> out.u8(Opcode.PING);
            case Instruction.RotateKey rotate -> out.u8(Opcode.ROTATE_KEY).bytes(rotate.wrappedKey());
        }
        return sign(out, command.deviceId(), key);
    }

    /** Encodes and signs a time response as the platform does; the platform time keeps its milliseconds. */
    public byte[] encodeTimeResponse(Downlink.TimeResponse response, byte[] key) {
        Instant time = response.platformTime();
        ByteWriter out = new ByteWriter(TIME_RESPONSE_BYTES)
                .u8(TIME_RESPONSE)
                .u32(checkU32(response.requestCounter(), "request counter"))
                .u32(secondsOf(time))
                .u16(time.getNano() / 1_000_000);
        return sign(out, response.deviceId(), key);
    }

    private static byte[] sign(ByteWriter out, DeviceId device, byte[] key) {
        if (key.length == 0) {
            throw new IllegalArgumentException("empty key");
        }
        int bodyLength = out.length();
        out.bytes(new byte[TAG_BYTES]);
        byte[] message = out.toByteArray();
        CompactMac.tag(key, device, message, bodyLength, message, bodyLength);
        return message;
    }

    private static long counterOf(Report report) {
        return checkU32(report.counter(), "counter");
    }

    private static long checkU32(long value, String what) {
        if (value < 0 || value > MAX_U32) {
            throw new IllegalArgumentException("compact " + what + " must be 0 to 2^32-1: " + value);
        }
        return value;
    }

    private static long secondsOf(Instant time) {
        long seconds = time.getEpochSecond();
        if (seconds < 0 || seconds > MAX_U32) {
            throw new IllegalArgumentException("compact time must lie between 1970 and 2106: " + time);
        }
        return seconds;
    }

    private static int scaled(double degrees) {
        return (int) Math.round(degrees * SCALE);
    }

    private static int speedByte(Report report) {
        Double speed = report.speedKmh();
        return speed == null ? UNKNOWN_BYTE : (int) Math.max(0, Math.min(254, Math.round(speed)));
    }

    private static int courseByte(Report report) {
        Double course = report.courseDegrees();
        if (course == null || !Double.isFinite(course)) {
            return UNKNOWN_BYTE;
        }
        return (int) Math.floorMod(Math.round(course / 2), 180L);
    }

    private static int batteryByte(Report report) {
        Integer battery = report.batteryPercent();
        return battery == null ? UNKNOWN_BYTE : battery;
    }

    private static int stateByte(Report report) {
        int seal =
                switch (report.seal()) {
                    case UNKNOWN -> 0;
                    case CLOSED -> 1;
                    case OPEN -> 2;
                    case TAMPERED -> 3;
                };
        int lock =
                switch (report.lock()) {
                    case UNKNOWN -> 0;
                    case LOCKED -> 1;
                    case UNLOCKED -> 2;
                };
        int door =
                switch (report.door()) {
                    case UNKNOWN -> 0;
                    case CLOSED -> 1;
                    case OPEN -> 2;
                };
        return seal | lock << 2 | door << 4;
    }

    private static int flagsByte(Report report) {
        int flags = 0;
        if (report.position() != null) {
            flags |= FLAG_POSITION;
            if (report.validFix()) {
                flags |= FLAG_FIX;
            }
        }
        if (report.history()) {
            flags |= FLAG_HISTORY;
        }
        return flags;
    }

    private static int alarmBits(Set<Alarm> alarms) {
        int bits = 0;
        for (int i = 0; i < ALARM_BITS.length; i++) {
            if (alarms.contains(ALARM_BITS[i])) {
                bits |= 1 << i;
            }
        }
        return bits;
    }

    // ---------------------------------------------------------------------------------------------------- decoding

    /**
     * Decodes and verifies one uplink message (hello, report, batch, acknowledgement, time request).
     *
     * @param device the device the transport names (MQTT topic, IMEI, the connection's hello), or {@code null}
     *     when it names none: then only a hello can be accepted
     * @param receivedAt when the platform received the bytes; reference for {@link RejectReason#FUTURE_DATED}
     * @param channel the bearer, recorded in the reports
     */
    public UplinkResult decodeUplink(byte[] message, @Nullable DeviceId device, Instant receivedAt, Channel channel) {
        try {
            return decodeChecked(message, device, receivedAt, channel);
        } catch (FormatException e) {
            return new UplinkResult.Rejected(e.reason(), Objects.requireNonNull(e.getMessage()), device);
        }
    }

    private UplinkResult decodeChecked(byte[] message, @Nullable DeviceId device, Instant receivedAt, Channel channel) {
        int length = message.length;
        if (length > MAX_MESSAGE_BYTES) {
            return rejected(
                    RejectReason.OVERSIZED, "message of " + length + " bytes exceeds " + MAX_MESSAGE_BYTES, device);
        }
        if (length == 0) {
            return rejected(RejectReason.MALFORMED, "empty message", device);
        }
        int type = message[0] & 0xff;
        int expected =
                switch (type) {
                    case REPORT -> REPORT_BYTES;
                    case ACK -> ACK_BYTES;
                    case TIME_REQUEST -> TIME_REQUEST_BYTES;
                    case BATCH -> -1;
                    case HELLO -> -2;
                    default -> 0;
                };
        if (expected == 0) {
            return CompactProtocol.isCompactTypeByte(type)
                    ? rejected(RejectReason.UNSUPPORTED, "not an uplink message type: " + hex(type), device)
                    : rejected(RejectReason.MALFORMED, "not a compact message: first byte " + hex(type), device);
        }
        if (expected == -2) {
            return decodeHello(message);
        }
        int minimum = expected > 0 ? expected : BATCH_HEADER_BYTES + TAG_BYTES + 1;
        if (length < minimum) {
            return rejected(
                    RejectReason.TRUNCATED,
                    "message type " + hex(type) + " of " + length + " bytes, needs " + minimum,
                    device);
        }
        if (expected > 0 && length != expected) {
            return rejected(
                    RejectReason.MALFORMED,
                    "message type " + hex(type) + " has " + expected + " bytes, got " + length,
                    device);
        }
        if (device == null) {
            return rejected(
                    RejectReason.UNKNOWN_DEVICE,
                    "a compact message does not name its device: send it under the device's MQTT topic, from its"
                            + " Iridium modem, or after a hello frame",
                    null);
        }
        byte[] key = keys.keyOf(device);
        TrustLevel trust;
        if (key == null || key.length == 0) {
            if (keyRequired) {
                return rejected(RejectReason.UNKNOWN_DEVICE, "no key registered for device " + device, device);
            }
            trust = TrustLevel.IDENTIFIED;
        } else {
            int bodyLength = length - TAG_BYTES;
            if (!CompactMac.verify(key, device, message, bodyLength)) {
                return rejected(RejectReason.BAD_SIGNATURE, "tag does not match the key of device " + device, device);
            }
            trust = TrustLevel.SIGNED;
        }
        ByteReader in = new ByteReader(message, 1, length - TAG_BYTES);
        return switch (type) {
            case REPORT -> reports(List.of(readReport(in, device)), device, trust, receivedAt, channel);
            case BATCH -> reports(readBatch(in, device), device, trust, receivedAt, channel);
            case ACK -> {
                long counter = in.u32();
                Instant time = Instant.ofEpochSecond(in.u32());
                long command = in.u32();
                int status = in.u8();
                if (status >= AckStatus.values().length) {
                    yield rejected(RejectReason.MALFORMED, "unknown acknowledgement status " + status, device);
                }
                yield accepted(
                        new Uplink.Ack(device, counter, time, command, AckStatus.values()[status]),
                        trust,
                        time,
                        receivedAt);
            }
            case TIME_REQUEST -> {
                long counter = in.u32();
                Instant time = Instant.ofEpochSecond(in.u32());
                yield accepted(new Uplink.TimeRequest(device, counter, time), trust, time, receivedAt);
            }
            default -> throw new IllegalStateException("unhandled type " + type);
        };
    }

    private UplinkResult accepted(Uplink message, TrustLevel trust, Instant deviceTime, Instant receivedAt) {
        if (deviceTime.isAfter(receivedAt.plus(maxClockAhead))) {
            return futureDated(deviceTime, receivedAt, message.deviceId());
        }
        return new UplinkResult.Accepted(message, trust);
    }

    private UplinkResult futureDated(Instant deviceTime, Instant receivedAt, DeviceId device) {
        return rejected(
                RejectReason.FUTURE_DATED,
                "device time " + deviceTime + " is more than " + maxClockAhead + " after receipt at " + receivedAt,
                device);
    }

    private static UplinkResult decodeHello(byte[] message) {
        if (message.length < 2) {
            return rejected(RejectReason.TRUNCATED, "hello without its length byte", null);
        }
        int idLength = message[1] & 0xff;
        if (idLength < 1 || idLength > 64) {
            return rejected(RejectReason.MALFORMED, "hello device id must have 1 to 64 characters", null);
        }
        if (message.length < 2 + idLength) {
            return rejected(RejectReason.TRUNCATED, "hello shorter than its device id", null);
        }
        if (message.length > 2 + idLength) {
            return rejected(RejectReason.MALFORMED, "bytes after the hello's device id", null);
        }
        String id = new String(message, 2, idLength, StandardCharsets.ISO_8859_1);
        if (!DeviceId.isValid(id)) {
            return rejected(RejectReason.MALFORMED, "hello names no valid device id", null);
        }
        return new UplinkResult.Accepted(new Uplink.Hello(DeviceId.of(id)), TrustLevel.IDENTIFIED);
    }

    private UplinkResult reports(
            List<Fields> fields, DeviceId device, TrustLevel trust, Instant receivedAt, Channel channel) {
        List<Report> reports = new ArrayList<>(fields.size());
        for (Fields f : fields) {
            GeoPosition position = null;
            if (f.hasPosition) {
                double lat = f.lat / SCALE;
                double lon = f.lon / SCALE;
                if (!GeoPosition.isValid(lat, lon)) {
                    return rejected(
                            RejectReason.IMPOSSIBLE_COORDINATES,
                            "impossible coordinates " + lat + ", " + lon + " (counter " + f.counter + ")",
                            device);
                }
                position = new GeoPosition(lat, lon);
            }
            Instant time = Instant.ofEpochSecond(f.time);
            if (time.isAfter(receivedAt.plus(maxClockAhead))) {
                return futureDated(time, receivedAt, device);
            }
            reports.add(Report.builder(device, time)
                    .counter(f.counter)
                    .receivedAt(receivedAt)
                    .position(position, position != null && f.fix)
                    .speedKmh(f.speed == UNKNOWN_BYTE ? null : (double) f.speed)
                    .courseDegrees(f.course == UNKNOWN_BYTE ? null : f.course * 2.0)
                    .batteryPercent(f.battery == UNKNOWN_BYTE ? null : f.battery)
                    .seal(f.seal)
                    .lock(f.lock)
                    .door(f.door)
                    .history(f.history)
                    .alarms(f.alarms)
                    .channel(channel)
                    .trust(trust)
                    .build());
        }
        return new UplinkResult.Accepted(new Uplink.Reports(device, reports), trust);
    }

    /** One report's fields as read, before plausibility checks. */
    private static final class Fields {
        long counter;
        long time;
        boolean hasPosition;
        boolean fix;
        boolean history;
        int lat;
        int lon;
        int speed;
        int course;
        int battery;
        SealState seal = SealState.UNKNOWN;
        LockState lock = LockState.UNKNOWN;
        DoorState door = DoorState.UNKNOWN;
        Set<Alarm> alarms = Set.of();
    }

    private static Fields readReport(ByteReader in, DeviceId device) {
        Fields f = new Fields();
        f.counter = in.u32();
        f.time = in.u32();
        int lat = in.s32();
        int lon = in.s32();
        readTail(in, f);
        readFlags(f, in.u8());
        f.alarms = alarms(in.u16());
        if (f.hasPosition) {
            f.lat = lat;
            f.lon = lon;
        } else if (lat != 0 || lon != 0) {
            throw new FormatException(RejectReason.MALFORMED, "coordinates given but the position flag is clear");
        }
        return f;
    }

    private static List<Fields> readBatch(ByteReader in, DeviceId device) {
        int count = in.u8();
        if (count == 0) {
            throw new FormatException(RejectReason.MALFORMED, "batch of no reports");
        }
        long counter = in.u32() - 1;
        long time = in.u32();
        int lat = 0;
        int lon = 0;
        List<Fields> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Fields f = new Fields();
            counter = counter + 1 + in.varint();
            if (counter > MAX_U32) {
                throw new FormatException(RejectReason.MALFORMED, "batch counter beyond 2^32-1");
            }
            time = (time + in.zigzag()) & MAX_U32;
            f.counter = counter;
            f.time = time;
            int flags = in.u8();
            readFlags(f, flags);
            if (f.hasPosition) {
                lat += (int) in.zigzag();
                lon += (int) in.zigzag();
                f.lat = lat;
                f.lon = lon;
            }
            f.speed = in.u8();
            f.course = in.u8();
            f.battery = in.u8();
            readState(f, in.u8());
            long alarmBits = in.varint();
            if (alarmBits > 0xffff) {
                throw new FormatException(RejectReason.MALFORMED, "alarm field beyond 16 bits");
            }
            f.alarms = alarms((int) alarmBits);
            checkRanges(f);
            out.add(f);
        }
        if (in.remaining() != 0) {
            throw new FormatException(RejectReason.MALFORMED, in.remaining() + " bytes after the batch's reports");
        }
        return out;
    }

    private static void readTail(ByteReader in, Fields f) {
        f.speed = in.u8();
        f.course = in.u8();
        f.battery = in.u8();
        readState(f, in.u8());
        checkRanges(f);
    }

    private static void checkRanges(Fields f) {
        if (f.course != UNKNOWN_BYTE && f.course >= 180) {
            throw new FormatException(RejectReason.MALFORMED, "course code " + f.course + " beyond 179");
        }
        if (f.battery != UNKNOWN_BYTE && f.battery > 100) {
            throw new FormatException(RejectReason.MALFORMED, "battery " + f.battery + " beyond 100 %");
        }
    }

    private static void readState(Fields f, int state) {
        int lock = state >>> 2 & 3;
        int door = state >>> 4 & 3;
        if ((state & 0xc0) != 0 || lock == 3 || door == 3) {
            throw new FormatException(RejectReason.MALFORMED, "state byte " + hex(state) + " uses reserved values");
        }
        f.seal = SEALS[state & 3];
        f.lock = LOCKS[lock];
        f.door = DOORS[door];
    }

    private static void readFlags(Fields f, int flags) {
        if ((flags & ~(FLAG_POSITION | FLAG_FIX | FLAG_HISTORY)) != 0) {
            throw new FormatException(RejectReason.MALFORMED, "flags byte " + hex(flags) + " uses reserved bits");
        }
        f.hasPosition = (flags & FLAG_POSITION) != 0;
        f.fix = (flags & FLAG_FIX) != 0;
        f.history = (flags & FLAG_HISTORY) != 0;
        if (f.fix && !f.hasPosition) {
            throw new FormatException(RejectReason.MALFORMED, "valid fix flag without a position");
        }
    }

    private static Set<Alarm> alarms(int bits) {
        if (bits >>> ALARM_BITS.length != 0) {
            throw new FormatException(RejectReason.MALFORMED, "reserved alarm bits set: " + Integer.toHexString(bits));
        }
        if (bits == 0) {
            return Set.of();
        }
        EnumSet<Alarm> set = EnumSet.noneOf(Alarm.class);
        for (int i = 0; i < ALARM_BITS.length; i++) {
            if ((bits & 1 << i) != 0) {
                set.add(ALARM_BITS[i]);
            }
        }
        return set;
    }

    /**
     * Decodes and verifies one downlink message as a device does (commands, time responses). The device then checks
     * a command's counter against the highest it accepted and its validity against its clock.
     */
    public static DownlinkResult decodeDownlink(byte[] message, DeviceId device, byte[] key) {
        try {
            int length = message.length;
            if (length == 0 || length > MAX_MESSAGE_BYTES) {
                return new DownlinkResult.Rejected(RejectReason.MALFORMED, "empty or oversized message");
            }
            int type = message[0] & 0xff;
            if (type != COMMAND && type != TIME_RESPONSE) {
                return new DownlinkResult.Rejected(RejectReason.UNSUPPORTED, "not a downlink type: " + hex(type));
            }
            int minimum = type == COMMAND ? COMMAND_HEADER_BYTES + TAG_BYTES : TIME_RESPONSE_BYTES;
            if (length < minimum) {
                return new DownlinkResult.Rejected(RejectReason.TRUNCATED, "message of " + length + " bytes");
            }
            if (!CompactMac.verify(key, device, message, length - TAG_BYTES)) {
                return new DownlinkResult.Rejected(RejectReason.BAD_SIGNATURE, "tag does not match the device key");
            }
            ByteReader in = new ByteReader(message, 1, length - TAG_BYTES);
            Downlink result;
            if (type == TIME_RESPONSE) {
                if (length != TIME_RESPONSE_BYTES) {
                    return new DownlinkResult.Rejected(RejectReason.MALFORMED, "time response of " + length + " bytes");
                }
                long request = in.u32();
                long seconds = in.u32();
                int millis = in.u16();
                if (millis > 999) {
                    return new DownlinkResult.Rejected(RejectReason.MALFORMED, "milliseconds beyond 999");
                }
                result =
                        new Downlink.TimeResponse(device, request, Instant.ofEpochSecond(seconds, millis * 1_000_000L));
            } else {
                long counter = in.u32();
                Instant issued = Instant.ofEpochSecond(in.u32());
                int minutes = in.u16();
                if (minutes == 0) {
                    return new DownlinkResult.Rejected(RejectReason.MALFORMED, "command valid for 0 minutes");
                }
                int opcode = in.u8();
                Instruction instruction =
                        switch (opcode) {
                            case Opcode.UNLOCK -> new Instruction.Unlock(in.u32());
                            case Opcode.SET_INTERVAL -> {
                                long seconds = in.u32();
                                if (seconds == 0) {
                                    throw new FormatException(RejectReason.MALFORMED, "reporting interval of 0 s");
                                }
                                yield new Instruction.SetReportInterval(Duration.ofSeconds(seconds));
                            }
                            case Opcode.PING -> new Instruction.Ping();
                            case Opcode.ROTATE_KEY -> new Instruction.RotateKey(in.bytes(KeyWrap.WRAPPED_BYTES));
                            default -> throw new FormatException(RejectReason.UNSUPPORTED, "unknown opcode " + opcode);
                        };
                if (in.remaining() != 0) {
                    return new DownlinkResult.Rejected(RejectReason.MALFORMED, "bytes after the command");
                }
                result = new Downlink.Command(device, counter, issued, Duration.ofMinutes(minutes), instruction);
            }
            return new DownlinkResult.Accepted(result);
        } catch (FormatException e) {
            return new DownlinkResult.Rejected(e.reason(), Objects.requireNonNull(e.getMessage()));
        }
    }

    private static UplinkResult rejected(RejectReason reason, String detail, @Nullable DeviceId device) {
        return new UplinkResult.Rejected(reason, detail, device);
    }

    private static String hex(int value) {
        return String.format("0x%02X", value);
    }

    /** Command opcodes of the compact form. */
    static final class Opcode {
        static final int UNLOCK = 1;
        static final int SET_INTERVAL = 2;
        static final int PING = 3;
        static final int ROTATE_KEY = 4;

        private Opcode() {}
    }
}
