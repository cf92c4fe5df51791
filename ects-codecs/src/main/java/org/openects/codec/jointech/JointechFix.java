package org.openects.codec.jointech;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;
import org.openects.domain.GeoPosition;

/**
 * The 15-byte time and position block that opens every Jointech binary record (and the JT709A's JT/T 808 message
 * 0x5501): date {@code ddMMyy} and time {@code HHmmss} in BCD (UTC), latitude {@code DDMMmmmm} in 8 BCD digits,
 * longitude {@code DDDMMmmmm} in 9 BCD digits, then one nibble of flags (bit 0 fix valid, bit 1 north, bit 2 east).
 *
 * @param time when the fix was taken
 * @param position the position, or {@code null} when the device had none (no fix and zero coordinates)
 * @param valid whether the receiver flagged the fix valid
 */
public record JointechFix(Instant time, @Nullable GeoPosition position, boolean valid) {

    /** Length of the block in bytes. */
    public static final int BYTES = 15;

    /** Reads the block at {@code offset}; {@code null} when it is not BCD, not a date, or off the globe. */
    public static @Nullable JointechFix read(byte[] bytes, int offset) {
        if (offset < 0 || offset + BYTES > bytes.length) {
            return null;
        }
        long day = Bcd.digits(bytes, offset, 2);
        long month = Bcd.digits(bytes, offset + 1, 2);
        long year = Bcd.digits(bytes, offset + 2, 2);
        long hour = Bcd.digits(bytes, offset + 3, 2);
        long minute = Bcd.digits(bytes, offset + 4, 2);
        long second = Bcd.digits(bytes, offset + 5, 2);
        long latitude = Bcd.digits(bytes, offset + 6, 8);
        long longitude = Bcd.digits(bytes, offset + 10, 9);
        if (day < 0 || month < 0 || year < 0 || hour < 0 || minute < 0 || second < 0 || latitude < 0 || longitude < 0) {
            return null;
        }
        Instant time;
        try {
            time = LocalDateTime.of(2000 + (int) year, (int) month, (int) day, (int) hour, (int) minute, (int) second)
                    .toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
        int flags = bytes[offset + 14] & 0x0f;
        boolean valid = (flags & 0x1) != 0;
        double lat = degrees(latitude, 1_000_000);
        double lon = degrees(longitude, 1_000_000);
        if (lat < 0 || lon < 0) {
            return null;
        }
        if ((flags & 0x2) == 0) {
            lat = -lat;
        }
        if ((flags & 0x4) == 0) {
            lon = -lon;
        }
        if (!GeoPosition.isValid(lat, lon)) {
            return null;
        }
        GeoPosition position = !valid && latitude == 0 && longitude == 0 ? null : new GeoPosition(lat, lon);
        return new JointechFix(time, position, valid);
    }

    /** Degrees from {@code DDMMmmmm} (minutes with four decimals); negative when the minutes are 60 or more. */
    private static double degrees(long raw, long minutesScale) {
        long degrees = raw / minutesScale;
        double minutes = (raw % minutesScale) / 10_000.0;
        if (minutes >= 60) {
            return -1;
        }
        return Math.round((degrees + minutes / 60) * 1e6) / 1e6;
    }
}
