package org.openects.codec.openects;

import java.util.Arrays;
import org.openects.codec.DeviceMessage;
import org.openects.codec.RejectReason;
import org.openects.domain.Report;

/**
 * One device's anti-replay window over its message counters, in the manner of IPsec's (RFC 4303 section 3.4.3).
 *
 * <p>A counter is accepted when it is above the highest accepted so far, or when it is one of the {@value #SIZE}
 * counters just below the highest and has not been accepted before: buffered history that arrives after newer live
 * reports still passes. Duplicates and counters older than the window are refused. Counters are never negative.
 *
 * <p>The window is persisted as its {@link #highest() highest counter} (and, to be exact across a restart, its
 * {@link #seenBelowHighest() bitmap}). A window restored from the highest counter alone treats every counter of the
 * window as seen: after a restart, late history within the old window is refused rather than risking a replay.
 *
 * <p>Not thread safe: the caller keeps one window per device and handles a device's messages in one place.
 */
public final class ReplayWindow {

    /** How many counters below the highest are still accepted when not seen before. */
    public static final int SIZE = 1024;

    private static final int WORDS = SIZE / Long.SIZE;

    /** Bit {@code i} set: counter {@code highest - 1 - i} has been accepted. */
    private final long[] seen = new long[WORDS];

    private long highest;

    /** A window for a device that has sent nothing yet: any counter ≥ 0 is accepted. */
    public ReplayWindow() {
        this.highest = -1;
    }

    /**
     * A window restored from the highest counter accepted before a restart; every counter at or below it is refused.
     *
     * @param highestSeen the highest accepted counter, or {@code -1} if none
     */
    public ReplayWindow(long highestSeen) {
        if (highestSeen < -1) {
            throw new IllegalArgumentException("highest counter must be ≥ -1: " + highestSeen);
        }
        this.highest = highestSeen;
        if (highestSeen >= 0) {
            Arrays.fill(seen, -1L);
        }
    }

    /**
     * A window restored exactly from {@link #highest()} and {@link #seenBelowHighest()}.
     *
     * @param highestSeen the highest accepted counter, or {@code -1} if none
     * @param seenBelowHighest the bitmap as returned by {@link #seenBelowHighest()}
     */
    public ReplayWindow(long highestSeen, long[] seenBelowHighest) {
        this(highestSeen);
        if (seenBelowHighest.length != WORDS) {
            throw new IllegalArgumentException("bitmap must have " + WORDS + " words: " + seenBelowHighest.length);
        }
        if (highestSeen >= 0) {
            System.arraycopy(seenBelowHighest, 0, seen, 0, WORDS);
        }
    }

    /** The highest counter accepted so far, or {@code -1} when none. */
    public long highest() {
        return highest;
    }

    /** A copy of the bitmap of accepted counters below the highest: bit {@code i} is counter {@code highest - 1 - i}. */
    public long[] seenBelowHighest() {
        return seen.clone();
    }

    /** Whether {@link #accept(long)} would accept {@code counter}, without recording it. */
    public boolean wouldAccept(long counter) {
        if (counter < 0) {
            return false;
        }
        if (counter > highest) {
            return true;
        }
        long age = highest - counter; // ≥ 0
        if (age == 0 || age > SIZE) {
            return false;
        }
        int bit = (int) (age - 1);
        return (seen[bit >>> 6] & (1L << bit)) == 0;
    }

    /** Accepts and records {@code counter} if it is fresh; returns {@code false} for a replay or a stale counter. */
    public boolean accept(long counter) {
        if (!wouldAccept(counter)) {
            return false;
        }
        if (counter > highest) {
            long advance = counter - highest;
            if (highest >= 0) {
                shiftUp(advance);
                int bit = (int) (advance - 1); // the old highest is now this far below
                if (advance <= SIZE) {
                    seen[bit >>> 6] |= 1L << bit;
                }
            }
            highest = counter;
        } else {
            int bit = (int) (highest - counter - 1);
            seen[bit >>> 6] |= 1L << bit;
        }
        return true;
    }

    /**
     * Screens a decoded message by its counters (a report's, a batch's, an acknowledgement's or a time request's): when
     * this window refuses one of them, the message becomes a {@link RejectReason#REPLAYED_COUNTER} rejection and
     * nothing is recorded; otherwise its counters are recorded and it passes. Messages without counters and
     * rejections pass unchanged. The window must be the one of the message's device.
     */
    public DeviceMessage admit(DeviceMessage message) {
        long[] counters =
                switch (message) {
                    case DeviceMessage.Reports r ->
                        r.reports().stream().mapToLong(Report::counter).toArray();
                    case DeviceMessage.CommandOutcome c -> new long[] {c.counter()};
                    case DeviceMessage.TimeRequest t -> new long[] {t.counter()};
                    default -> new long[0];
                };
        long before = highest;
        long[] seenBefore = seen.clone();
        for (long counter : counters) {
            if (!accept(counter)) {
                highest = before;
                System.arraycopy(seenBefore, 0, seen, 0, WORDS);
                return new DeviceMessage.Rejected(
                        message.deviceId(),
                        RejectReason.REPLAYED_COUNTER,
                        "counter " + counter + " already seen or older than the window (highest " + before + ")");
            }
        }
        return message;
    }

    private void shiftUp(long distance) {
        if (distance >= SIZE) {
            Arrays.fill(seen, 0L);
            return;
        }
        int wordShift = (int) (distance >>> 6);
        int bitShift = (int) (distance & 63);
        for (int k = WORDS - 1; k >= 0; k--) {
            int src = k - wordShift;
            long v = src >= 0 ? seen[src] << bitShift : 0L;
            if (bitShift != 0 && src - 1 >= 0) {
                v |= seen[src - 1] >>> (64 - bitShift);
            }
            seen[k] = v;
        }
    }

    @Override
    public String toString() {
        return "ReplayWindow[highest=" + highest + "]";
    }
}
