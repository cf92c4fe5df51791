package org.openects.codec.jointech;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.openects.codec.DecodeContext;
import org.openects.codec.DeviceMessage;
import org.openects.codec.FrameCodec.Decoded;
import org.openects.codec.RejectReason;
import org.openects.domain.Alarm;
import org.openects.domain.DeviceId;
import org.openects.domain.DoorState;
import org.openects.domain.Report;

/**
 * Binary {@code $} frames. Short format (JT600 vehicle trackers): {@code $}, id (5 bytes BCD), version and data type
 * (one byte, a nibble each), length (2), then records of 27 bytes and a one-byte serial. Long format (JT701 e-locks,
 * recognised by an id whose first digit is 7 or more): a protocol version byte after the id, then one record of at
 * least 34 bytes and the serial. The length field counts everything after the ten header bytes of the long format
 * (the total frame is always length + 10).
 */
final class JointechBinary {

    static final int SHORT_RECORD_BYTES = 27;
    static final int LONG_RECORD_MIN_BYTES = 34;
    private static final double KNOTS_TO_KMH = 1.852;

    private JointechBinary() {}

    /** The whole frame's length as its header declares it, or -1 when fewer than ten bytes are at hand. */
    static int declaredLength(byte[] bytes, int offset, int available) {
        if (available < 10) {
            return -1;
        }
        boolean longFormat = isLongFormat(bytes[offset + 1]);
        int at = offset + (longFormat ? 8 : 7);
        return ((bytes[at] & 0xff) << 8 | (bytes[at + 1] & 0xff)) + 10;
    }

    static boolean isLongFormat(byte firstIdByte) {
        return (firstIdByte & 0xff) >>> 4 >= 7;
    }

    static Decoded decode(byte[] f, DecodeContext context) {
        if (f.length < 10) {
            throw new RejectedFrame(RejectReason.TRUNCATED, "binary frame of " + f.length + " bytes, header needs 10");
        }
        String id = Bcd.text(f, 1, 5);
        if (id == null) {
            throw new RejectedFrame(RejectReason.MALFORMED, "device id is not BCD");
        }
        DeviceId device = DeviceId.of(id);
        boolean longFormat = isLongFormat(f[1]);
        int protocolVersion = longFormat ? f[6] & 0xff : 0;
        int at = longFormat ? 7 : 6;
        int type = f[at] & 0xff;
        int total = declaredLength(f, 0, f.length);
        if (f.length < total) {
            throw new RejectedFrame(
                    RejectReason.TRUNCATED, "binary frame of " + f.length + " bytes, header says " + total);
        }
        if (f.length > total) {
            throw new RejectedFrame(
                    RejectReason.MALFORMED, "binary frame of " + f.length + " bytes, header says " + total);
        }
        int version = type >>> 4;
        boolean history = (type & 0x0f) == 3;
        int serial = f[f.length - 1] & 0xff;
        int start = at + 3;
        int end = f.length - 1;
        List<Report> reports = new ArrayList<>();
        boolean acknowledge = false;
        if (longFormat) {
            if (end - start < LONG_RECORD_MIN_BYTES) {
                throw new RejectedFrame(RejectReason.TRUNCATED, "long record of " + (end - start) + " bytes, needs 34");
            }
            Jt701Status status = new Jt701Status(u16(f, start + 26));
            acknowledge = status.acknowledgementWanted();
            reports.add(longRecord(device, f, start, status, history, context));
        } else {
            int bytes = end - start;
            if (bytes <= 0 || bytes % SHORT_RECORD_BYTES != 0) {
                throw new RejectedFrame(
                        RejectReason.MALFORMED, "short records take 27 bytes each, the frame has " + bytes);
            }
            for (int r = start; r < end; r += SHORT_RECORD_BYTES) {
                reports.add(shortRecord(device, f, r, version, history, context));
            }
        }
        byte[] reply = null;
        if (acknowledge) {
            String text = protocolVersion < 0x19 ? "(P35)" : "(P69,0," + serial + ")";
            reply = text.getBytes(StandardCharsets.US_ASCII);
        }
        return Decoded.of(new DeviceMessage.Reports(device, reports), reply);
    }

    private static Report longRecord(
            DeviceId device, byte[] f, int r, Jt701Status status, boolean history, DecodeContext context) {
        Report.Builder report =
                located(device, f, r, context, status.locatedByCell()).history(history);
        report.speedKmh(round((f[r + 15] & 0xff) * KNOTS_TO_KMH))
                .courseDegrees((f[r + 16] & 0xff) * 2.0)
                .odometerKm((double) u32(f, r + 17))
                .satellites(f[r + 21] & 0xff)
                .lock(status.lock())
                .seal(status.seal())
                .door(status.door())
                .alarms(status.alarms());
        int battery = f[r + 28] & 0xff;
        report.batteryPercent(battery <= 100 ? battery : null);
        return report.build();
    }

    private static Report shortRecord(
            DeviceId device, byte[] f, int r, int version, boolean history, DecodeContext context) {
        Report.Builder report = located(device, f, r, context, false).history(history);
        long knots = Bcd.digits(f, r + 15, 2);
        report.speedKmh(knots < 0 ? null : round(knots * KNOTS_TO_KMH)).courseDegrees((f[r + 16] & 0xff) * 2.0);
        int x = r + 17;
        switch (version) {
            case 1 -> report.satellites(f[x] & 0xff).altitudeMeters((double) u16(f, x + 3));
            case 2 -> {
                int status0 = f[x + 1] & 0xff;
                int status1 = f[x + 2] & 0xff;
                report.door((status0 & 0x40) != 0 ? DoorState.OPEN : DoorState.CLOSED)
                        .odometerKm((double) u32(f, x + 5));
                if ((status1 & 0x04) != 0) {
                    report.alarm(Alarm.SOS);
                }
            }
            case 3 -> {
                // 3 × 12 bits of fuel, then 20 bits of odometer (km), then 24 bits of status
                int odometer = ((f[x + 4] & 0xff) << 16 | (f[x + 5] & 0xff) << 8 | (f[x + 6] & 0xff)) & 0xfffff;
                report.odometerKm((double) odometer);
            }
            default -> {
                // other versions carry nothing we map
            }
        }
        return report.build();
    }

    /** A report at the record's time and position; a cell-network estimate never counts as a valid fix. */
    private static Report.Builder located(
            DeviceId device, byte[] f, int r, DecodeContext context, boolean locatedByCell) {
        JointechFix fix = JointechFix.read(f, r);
        if (fix == null) {
            throw new RejectedFrame(RejectReason.MALFORMED, "time or position block is not a BCD date and position");
        }
        return Report.builder(device, fix.time())
                .receivedAt(context.receivedAt())
                .channel(context.channel())
                .position(fix.position(), fix.valid() && !locatedByCell);
    }

    static int u16(byte[] f, int at) {
        return (f[at] & 0xff) << 8 | (f[at + 1] & 0xff);
    }

    static long u32(byte[] f, int at) {
        return ((long) u16(f, at) << 16) | u16(f, at + 2);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
