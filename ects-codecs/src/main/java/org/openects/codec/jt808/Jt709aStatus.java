package org.openects.codec.jt808;

import java.util.EnumSet;
import java.util.Set;
import org.openects.domain.Alarm;
import org.openects.domain.DoorState;
import org.openects.domain.LockState;
import org.openects.domain.SealState;

/**
 * The status and alarm words of Jointech's 0x5501 / 0x5502 reports from its locks (product type 3: JT709A, JT705A),
 * read into named states. Bit numbers from 0 (least significant). Only the bits that the public sources agree on (and
 * the capture does not contradict) are mapped; see {@code docs/protocols/jt808.md} for the sources and the doubts.
 *
 * <pre>
 * status  2 back cover open            → door OPEN (clear: CLOSED)
 *         4 motor unlocked             → lock UNLOCKED (clear: LOCKED)
 *         1 low battery, 5 unlock button or lock rope, 11 Bluetooth connected: not mapped (one source, or sources
 *           that disagree)
 * alarm   1 low battery                → LOW_BATTERY
 *         0 overspeed, 2 vibration, 5 / 6 geofence in / out: no domain alarm;
 *         3 (low battery or deep sleep), 7 (wrong unlock): not mapped (sources disagree, or one source)
 * </pre>
 *
 * <p>The seal (a lock rope, when the model has one) stays {@link SealState#UNKNOWN}: no public source names a rope bit
 * in this message, and the only candidate (status bit 5) is read as an unlock button by one decoder and as a "blocked"
 * flag by another.
 *
 * @param status the status word as received
 * @param alarm the alarm word as received
 */
record Jt709aStatus(int status, int alarm) {

    static final int BACK_COVER_OPEN = 2;
    static final int MOTOR_UNLOCKED = 4;
    static final int ALARM_LOW_BATTERY = 1;

    private static boolean bit(int word, int n) {
        return (word >>> n & 1) != 0;
    }

    LockState lock() {
        return bit(status, MOTOR_UNLOCKED) ? LockState.UNLOCKED : LockState.LOCKED;
    }

    /** The lock's back cover. */
    DoorState door() {
        return bit(status, BACK_COVER_OPEN) ? DoorState.OPEN : DoorState.CLOSED;
    }

    /** Not reported in a way the sources agree on. */
    SealState seal() {
        return SealState.UNKNOWN;
    }

    Set<Alarm> alarms() {
        Set<Alarm> alarms = EnumSet.noneOf(Alarm.class);
        if (bit(alarm, ALARM_LOW_BATTERY)) {
            alarms.add(Alarm.LOW_BATTERY);
        }
        return alarms;
    }
}
