package org.openects.server.ingress.internal;

import java.util.HashSet;
import java.util.Set;
import org.openects.domain.GeoPosition;
import org.openects.domain.Report;

/**
 * The last readings of one device that has no message counter (legacy protocols), to recognise buffered history
 * sent twice (after a reconnect, the device resends what it was not sure the server got). A reading is its device
 * time and position. The keys of accepted readings are persisted ({@link LegacyReadingKeys}) and reloaded at start.
 * Not thread safe: one per device, used under the device's lock.
 */
final class RecentReadings {

    private static final int CAPACITY = 4096;

    private final long[] ring = new long[CAPACITY];
    private final Set<Long> seen = new HashSet<>();
    private int next;
    private int size;

    /** Records the reading; false when the same reading was already seen recently. */
    boolean firstTime(Report report) {
        return firstTime(key(report));
    }

    /** Records the reading by its {@link #key(Report) key}; false when the same key was already seen recently. */
    boolean firstTime(long key) {
        if (!seen.add(key)) {
            return false;
        }
        if (size == CAPACITY) {
            seen.remove(ring[next]);
        } else {
            size++;
        }
        ring[next] = key;
        next = (next + 1) % CAPACITY;
        return true;
    }

    /** The reading's duplicate key: its device time, position and seal, hashed. */
    static long key(Report report) {
        long key = report.deviceTime().toEpochMilli() * 31;
        GeoPosition p = report.position();
        if (p != null) {
            key = key * 31 + Double.hashCode(p.latitude());
            key = key * 31 + Double.hashCode(p.longitude());
        }
        return key * 31 + report.seal().ordinal();
    }
}
