package org.openects.codec.openects;

import static org.openects.codec.openects.CompactProtocol.BATCH;
import static org.openects.codec.openects.CompactProtocol.BATCH_HEADER_BYTES;
import static org.openects.codec.openects.CompactProtocol.MAX_MESSAGE_BYTES;
import static org.openects.codec.openects.CompactProtocol.MAX_U32;
import static org.openects.codec.openects.CompactProtocol.REPORT;
import static org.openects.codec.openects.CompactProtocol.REPORT_BYTES;
import static org.openects.codec.openects.CompactProtocol.TAG_BYTES;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
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

/**
 * The layout of readings in the compact encoding (section 3 of {@code docs/device-protocol.md}), both ways: a single
 * report of {@value CompactProtocol#REPORT_BYTES} bytes and a delta-encoded batch, their flag, state and alarm bits,
 * and the plausibility checks of what was read. {@link CompactCodec} adds the type checks, the device and the tag.
 */
final class CompactReports {

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

    private CompactReports() {}

    /**
     * One report's bytes before its tag, {@value CompactProtocol#REPORT_BYTES} bytes with it: counter, device time,
     * position and fix, speed, course, battery, seal, lock, door, history flag and alarms.
     */
    static ByteWriter report(Report report) {
        ByteWriter out = new ByteWriter(REPORT_BYTES);
        out.u8(REPORT).u32(counterOf(report)).u32(secondsOf(report.deviceTime()));
        GeoPosition position = report.position();
        out.s32(position == null ? 0 : scaled(position.latitude()));
        out.s32(position == null ? 0 : scaled(position.longitude()));
        out.u8(speedByte(report)).u8(courseByte(report)).u8(batteryByte(report));
        out.u8(stateByte(report)).u8(flagsByte(report)).u16(alarmBits(report.alarms()));
        return out;
    }

    /**
     * A batch's bytes before its tag: the shared header (count, first counter, first time), then each report as
     * deltas from the one before.
     */
    static ByteWriter batch(List<Report> reports) {
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
        return out;
    }

    private static long counterOf(Report report) {
        return checkU32(report.counter(), "counter");
    }

    static long checkU32(long value, String what) {
        if (value < 0 || value > MAX_U32) {
            throw new IllegalArgumentException("compact " + what + " must be 0 to 2^32-1: " + value);
        }
        return value;
    }

    static long secondsOf(Instant time) {
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

    /**
     * Reads the report ({@link CompactProtocol#REPORT}) or batch ({@link CompactProtocol#BATCH}) after its type byte,
     * and checks each reading's coordinates and device time.
     *
     * @throws Refusal when a field is malformed or a reading implausible
     */
    static List<Report> read(
            int type,
            ByteReader in,
            DeviceId device,
            TrustLevel trust,
            Instant receivedAt,
            Duration maxClockAhead,
            Channel channel) {
        List<Fields> fields = type == CompactProtocol.BATCH ? readBatch(in) : List.of(readReport(in));
        List<Report> reports = new ArrayList<>(fields.size());
        for (Fields f : fields) {
            GeoPosition position = null;
            if (f.hasPosition) {
                double lat = f.lat / SCALE;
                double lon = f.lon / SCALE;
                if (!GeoPosition.isValid(lat, lon)) {
                    throw new Refusal(
                            RejectReason.IMPOSSIBLE_COORDINATES,
                            "impossible coordinates " + lat + ", " + lon + " (counter " + f.counter + ")",
                            device);
                }
                position = new GeoPosition(lat, lon);
            }
            Instant time = Instant.ofEpochSecond(f.time);
            if (time.isAfter(receivedAt.plus(maxClockAhead))) {
                throw CompactCodec.futureDated(time, receivedAt, maxClockAhead, device);
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
        return reports;
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

    private static Fields readReport(ByteReader in) {
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
            throw new Refusal(RejectReason.MALFORMED, "coordinates given but the position flag is clear");
        }
        return f;
    }

    private static List<Fields> readBatch(ByteReader in) {
        int count = in.u8();
        if (count == 0) {
            throw new Refusal(RejectReason.MALFORMED, "batch of no reports");
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
                throw new Refusal(RejectReason.MALFORMED, "batch counter beyond 2^32-1");
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
                throw new Refusal(RejectReason.MALFORMED, "alarm field beyond 16 bits");
            }
            f.alarms = alarms((int) alarmBits);
            checkRanges(f);
            out.add(f);
        }
        if (in.remaining() != 0) {
            throw new Refusal(RejectReason.MALFORMED, in.remaining() + " bytes after the batch's reports");
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
            throw new Refusal(RejectReason.MALFORMED, "course code " + f.course + " beyond 179");
        }
        if (f.battery != UNKNOWN_BYTE && f.battery > 100) {
            throw new Refusal(RejectReason.MALFORMED, "battery " + f.battery + " beyond 100 %");
        }
    }

    private static void readState(Fields f, int state) {
        int lock = state >>> 2 & 3;
        int door = state >>> 4 & 3;
        if ((state & 0xc0) != 0 || lock == 3 || door == 3) {
            throw new Refusal(RejectReason.MALFORMED, "state byte " + hex(state) + " uses reserved values");
        }
        f.seal = SEALS[state & 3];
        f.lock = LOCKS[lock];
        f.door = DOORS[door];
    }

    private static void readFlags(Fields f, int flags) {
        if ((flags & ~(FLAG_POSITION | FLAG_FIX | FLAG_HISTORY)) != 0) {
            throw new Refusal(RejectReason.MALFORMED, "flags byte " + hex(flags) + " uses reserved bits");
        }
        f.hasPosition = (flags & FLAG_POSITION) != 0;
        f.fix = (flags & FLAG_FIX) != 0;
        f.history = (flags & FLAG_HISTORY) != 0;
        if (f.fix && !f.hasPosition) {
            throw new Refusal(RejectReason.MALFORMED, "valid fix flag without a position");
        }
    }

    private static Set<Alarm> alarms(int bits) {
        if (bits >>> ALARM_BITS.length != 0) {
            throw new Refusal(RejectReason.MALFORMED, "reserved alarm bits set: " + Integer.toHexString(bits));
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

    private static String hex(int value) {
        return String.format("0x%02X", value);
    }
}
