package org.openects.domain;

/** How an unlock was attempted on an electronic lock. */
public enum UnlockMethod {
    RFID_CARD,
    PASSWORD,
    REMOTE_COMMAND,
    BLUETOOTH,
    MECHANICAL_KEY,
    UNKNOWN
}
