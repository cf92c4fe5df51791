package org.openects.codec.openects;

/** What a device did with a command; the compact code is the ordinal. */
public enum AckStatus {
    /** Carried out. */
    DONE,
    /** Understood but refused by the device's own policy (for example an unlock while moving). */
    REFUSED,
    /** Tried and failed (for example the lock motor jammed). */
    FAILED,
    /** A command this firmware does not know. */
    UNSUPPORTED,
    /** Arrived after its validity ended; not carried out. */
    EXPIRED,
    /** Its counter was not above the highest command counter the device accepted; not carried out. */
    STALE_COUNTER
}
