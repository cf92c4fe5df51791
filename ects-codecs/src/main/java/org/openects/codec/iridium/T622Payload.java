package org.openects.codec.iridium;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The 19-byte position payload of T622-family Iridium trackers: event code, latitude and longitude (int32
 * little-endian, millionths of a degree), fix time (uint32 little-endian, seconds since 2000-01-01 UTC), validity
 * (1 valid fix, 0 not), speed (uint16 little-endian, km/h), then three bytes this platform does not interpret.
 */
public record T622Payload(int event, double latitude, double longitude, Instant time, boolean validFix, int speedKmh) {

    /** Payloads of exactly this length are read as T622 (section "Payload kinds" of the Iridium document). */
    public static final int LENGTH = 19;

    /** 2000-01-01T00:00:00Z in Unix seconds. */
    static final long EPOCH_2000 = 946_684_800L;

    /** The payload's fields, or {@code null} when it is not a plausible T622 payload. */
    public static @Nullable T622Payload parse(byte[] payload) {
        if (payload.length != LENGTH) {
            return null;
        }
        int validity = payload[13] & 0xff;
        double latitude = s32le(payload, 1) / 1e6;
        double longitude = s32le(payload, 5) / 1e6;
        long seconds = s32le(payload, 9) & 0xffff_ffffL;
        if (validity > 1 || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
            return null;
        }
        int speed = (payload[14] & 0xff) | (payload[15] & 0xff) << 8;
        return new T622Payload(
                payload[0] & 0xff,
                latitude,
                longitude,
                Instant.ofEpochSecond(EPOCH_2000 + seconds),
                validity == 1,
                speed);
    }

    private static int s32le(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }
}
