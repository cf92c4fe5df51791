package org.openects.codec.teltonika;

import java.time.Instant;
import java.util.Map;

/**
 * One AVL record as the device sent it, before it is tied to a device.
 *
 * @param time when the device took the reading
 * @param priority 0 low, 1 high, 2 panic
 * @param latitude degrees, as sent (× 1e-7)
 * @param longitude degrees, as sent (× 1e-7)
 * @param altitudeMeters metres above sea level
 * @param angle heading in degrees
 * @param satellites satellites in use; 0 when the receiver had no fix
 * @param speedKmh ground speed
 * @param eventIo the id of the IO element whose change made the device send this record, or 0
 * @param io the fixed-size IO elements (1, 2, 4 and 8 bytes) by id, as unsigned values; variable-length elements of
 *     Codec 8 Extended are skipped
 */
record AvlRecord(
        Instant time,
        int priority,
        double latitude,
        double longitude,
        int altitudeMeters,
        int angle,
        int satellites,
        int speedKmh,
        int eventIo,
        Map<Integer, Long> io) {

    AvlRecord {
        io = Map.copyOf(io);
    }
}
