package org.openects.server.shared;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Generates unique, time-ordered 64-bit ids in memory, so that the hot path can name a raw message, report, event or
 * alert before it is written, without a database round trip. Layout: milliseconds since 2024-01-01 (41 bits, good
 * for 69 years) then a 22-bit sequence within the millisecond (4 million ids per millisecond). Ids are unique within
 * one process; a cluster node adds its own partition of the id space when the report bus becomes Kafka.
 */
public final class TimeOrderedIds {

    private static final long EPOCH_MILLIS =
            Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    private static final int SEQUENCE_BITS = 22;

    private static final AtomicLong LAST = new AtomicLong();

    private TimeOrderedIds() {}

    /** The next id: strictly greater than every id this process handed out before. */
    public static long next() {
        long floor = (System.currentTimeMillis() - EPOCH_MILLIS) << SEQUENCE_BITS;
        return LAST.updateAndGet(last -> Math.max(last + 1, floor));
    }
}
