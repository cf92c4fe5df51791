package org.openects.codec.jointech;

import java.util.EnumSet;
import java.util.Set;
import org.openects.domain.Alarm;
import org.openects.domain.DoorState;
import org.openects.domain.LockState;
import org.openects.domain.SealState;

/**
 * The JT701 e-lock's 16-bit device status word (binary long-format frames), read into named states. Bit numbers from
 * 0 (least significant); the vendor document counts them from 1.
 *
 * <pre>
 * 0 located by cell (LBS)      5 acknowledgement wanted      10 unauthorised RFID card alarm
 * 1 geofence entered alarm     6 steel rope inserted         11 low battery alarm
 * 2 geofence left alarm        7 motor locked                12 back cover opened alarm
 * 3 steel rope cut alarm       8 unlocking alarm             13 back cover closed
 * 4 vibration alarm            9 wrong password (5 times)    14 motor fault
 * </pre>
 *
 * @param raw the word as received
 */
public record Jt701Status(int raw) {

    private boolean bit(int n) {
        return (raw >>> n & 1) != 0;
    }

    /** Whether the device asks the platform to acknowledge this frame. */
    public boolean acknowledgementWanted() {
        return bit(5);
    }

    /** Whether the position was estimated from the cell network rather than a satellite fix. */
    public boolean locatedByCell() {
        return bit(0);
    }

    public LockState lock() {
        return bit(7) ? LockState.LOCKED : LockState.UNLOCKED;
    }

    /** The steel rope is the seal: cut is tampered, pulled out is open, inserted is closed. */
    public SealState seal() {
        if (bit(3)) {
            return SealState.TAMPERED;
        }
        return bit(6) ? SealState.CLOSED : SealState.OPEN;
    }

    /** The lock's back cover. */
    public DoorState door() {
        return bit(13) ? DoorState.CLOSED : DoorState.OPEN;
    }

    /** Rope cut, wrong password and unauthorised card are tampering; back cover opened is a box opening. */
    public Set<Alarm> alarms() {
        Set<Alarm> alarms = EnumSet.noneOf(Alarm.class);
        if (bit(3) || bit(9) || bit(10)) {
            alarms.add(Alarm.TAMPER);
        }
        if (bit(11)) {
            alarms.add(Alarm.LOW_BATTERY);
        }
        if (bit(12)) {
            alarms.add(Alarm.BOX_OPENED);
        }
        return alarms;
    }
}
