package org.openects.domain;

/** What a door or cover sensor says (container door, lock's back cover). */
public enum DoorState {
    CLOSED,
    OPEN,
    /** The report does not say. */
    UNKNOWN
}
