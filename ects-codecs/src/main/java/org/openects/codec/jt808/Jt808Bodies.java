package org.openects.codec.jt808;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.openects.codec.DecodeContext;
import org.openects.codec.RejectReason;
import org.openects.codec.jointech.JointechFix;
import org.openects.domain.Alarm;
import org.openects.domain.DeviceId;
import org.openects.domain.DoorState;
import org.openects.domain.GeoPosition;
import org.openects.domain.Report;

/** Reads the position-carrying message bodies into reports. */
final class Jt808Bodies {

    /** Fixed part of a 0x0200 body: alarm, status, latitude, longitude, altitude, speed, course, time. */
    static final int LOCATION_BYTES = 28;

    /** Fixed part of a Jointech 0x5501 / 0x5502 body, before its additional-information fields. */
    static final int JOINTECH_BYTES = 35;

    private static final double KNOTS_TO_KMH = 1.852;
    private static final int JOINTECH_LOCK_PRODUCT = 3;

    private Jt808Bodies() {}

    /**
     * A 0x0200 body at {@code [at, at + length)}: alarm flags (bit 0 SOS, 7 supply under-voltage, 8 supply cut),
     * status (bit 1 fixed, 2 south, 3 west, 13 door 1 open), coordinates in millionths of a degree, altitude (m),
     * speed (0.1 km/h), course, BCD time {@code yyMMddHHmmss} on the device clock, then additional information
     * (0x01 odometer in 0.1 km, 0x31 satellites, 0x0B Jointech lock event, 0xD4 battery %).
     */
    static Report location(
            DeviceId device, byte[] b, int at, int length, ZoneOffset clock, boolean history, DecodeContext context) {
        if (length < LOCATION_BYTES) {
            throw new Jt808Reject(
                    RejectReason.TRUNCATED, device, "location body of " + length + " bytes, needs " + LOCATION_BYTES);
        }
        long alarm = Jt808Wire.u32(b, at);
        long status = Jt808Wire.u32(b, at + 4);
        double lat = Jt808Wire.u32(b, at + 8) / 1e6;
        double lon = Jt808Wire.u32(b, at + 12) / 1e6;
        if ((status & 0x4) != 0) {
            lat = -lat;
        }
        if ((status & 0x8) != 0) {
            lon = -lon;
        }
        if (!GeoPosition.isValid(lat, lon)) {
            throw new Jt808Reject(
                    RejectReason.IMPOSSIBLE_COORDINATES, device, "position off the globe: " + lat + ", " + lon);
        }
        boolean valid = (status & 0x2) != 0;
        Report.Builder report = Report.builder(device, bcdTime(device, b, at + 22, clock))
                .receivedAt(context.receivedAt())
                .channel(context.channel())
                .history(history)
                .position(!valid && lat == 0 && lon == 0 ? null : new GeoPosition(lat, lon), valid)
                .altitudeMeters((double) (short) Jt808Wire.u16(b, at + 16))
                .speedKmh(Jt808Wire.u16(b, at + 18) / 10.0)
                .courseDegrees((double) Jt808Wire.u16(b, at + 20));
        if ((alarm & 0x1) != 0) {
            report.alarm(Alarm.SOS);
        }
        if ((alarm & 0x80) != 0) {
            report.alarm(Alarm.LOW_BATTERY);
        }
        if ((alarm & 0x100) != 0) {
            report.alarm(Alarm.POWER_CUT);
        }
        if ((status & 0x2000) != 0) {
            report.door(DoorState.OPEN);
        }
        for (int p = at + LOCATION_BYTES; p + 2 <= at + length; ) {
            int id = b[p] & 0xff;
            int size = b[p + 1] & 0xff;
            int value = p + 2;
            if (value + size > at + length) {
                break;
            }
            switch (id) {
                case 0x01 -> {
                    if (size == 4) {
                        report.odometerKm(Jt808Wire.u32(b, value) / 10.0);
                    }
                }
                case 0x31 -> {
                    if (size == 1) {
                        report.satellites(b[value] & 0xff);
                    }
                }
                case 0xD4 -> {
                    if (size == 1 && (b[value] & 0xff) <= 100) {
                        report.batteryPercent(b[value] & 0xff);
                    }
                }
                case Jt808LockEvent.FIELD_ID -> report.unlock(Jt808LockEvent.read(b, value, size));
                default -> {
                    // not mapped
                }
            }
            p = value + size;
        }
        return report.build();
    }

    /**
     * A Jointech 0x5501 (live) or 0x5502 (buffered) body: the Jointech time-and-position block (UTC), speed (knots),
     * course (2° units), GSM signal, satellites, odometer (km), battery (%; 0xAA/0xAB while charging), cell id (4),
     * area code (2), product type, status word, alarm word, then additional information as in 0x0200. For product 3
     * (JT709A / JT705A) the status and alarm words are read by {@link Jt709aStatus}; other products' words are not
     * read (lock, door and seal stay unknown).
     */
    static Report jointech(DeviceId device, byte[] b, int at, int length, boolean history, DecodeContext context) {
        if (length < JOINTECH_BYTES) {
            throw new Jt808Reject(
                    RejectReason.TRUNCATED, device, "Jointech body of " + length + " bytes, needs " + JOINTECH_BYTES);
        }
        JointechFix fix = JointechFix.read(b, at);
        if (fix == null) {
            throw new Jt808Reject(
                    RejectReason.MALFORMED, device, "time or position block is not a BCD date and position");
        }
        int battery = b[at + 23] & 0xff;
        int product = b[at + 30] & 0xff;
        int status = Jt808Wire.u16(b, at + 31);
        int alarm = Jt808Wire.u16(b, at + 33);
        Report.Builder report = Report.builder(device, fix.time())
                .receivedAt(context.receivedAt())
                .channel(context.channel())
                .history(history)
                .position(fix.position(), fix.valid())
                .speedKmh(Math.round((b[at + 15] & 0xff) * KNOTS_TO_KMH * 100) / 100.0)
                .courseDegrees((b[at + 16] & 0xff) * 2.0)
                .satellites(b[at + 18] & 0xff)
                .odometerKm((double) Jt808Wire.u32(b, at + 19))
                .batteryPercent(battery <= 100 ? battery : null);
        if (product == JOINTECH_LOCK_PRODUCT) {
            Jt709aStatus lock = new Jt709aStatus(status, alarm);
            report.lock(lock.lock()).door(lock.door()).seal(lock.seal());
            lock.alarms().forEach(report::alarm);
        }
        for (int p = at + JOINTECH_BYTES; p + 2 <= at + length; ) {
            int id = b[p] & 0xff;
            int size = b[p + 1] & 0xff;
            int value = p + 2;
            if (value + size > at + length) {
                break;
            }
            if (id == Jt808LockEvent.FIELD_ID) {
                report.unlock(Jt808LockEvent.read(b, value, size));
            }
            p = value + size;
        }
        return report.build();
    }

    private static Instant bcdTime(DeviceId device, byte[] b, int at, ZoneOffset clock) {
        String digits = Jt808Wire.bcd(b, at, 6);
        if (digits == null) {
            throw new Jt808Reject(RejectReason.MALFORMED, device, "time is not BCD");
        }
        try {
            return LocalDateTime.of(
                            2000 + Integer.parseInt(digits.substring(0, 2)),
                            Integer.parseInt(digits.substring(2, 4)),
                            Integer.parseInt(digits.substring(4, 6)),
                            Integer.parseInt(digits.substring(6, 8)),
                            Integer.parseInt(digits.substring(8, 10)),
                            Integer.parseInt(digits.substring(10, 12)))
                    .atOffset(clock)
                    .toInstant();
        } catch (DateTimeException e) {
            throw new Jt808Reject(RejectReason.MALFORMED, device, "no such time: " + digits);
        }
    }
}
