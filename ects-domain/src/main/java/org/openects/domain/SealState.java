package org.openects.domain;

/** What a seal says about its own integrity. */
public enum SealState {
    /** Armed and intact. */
    CLOSED,
    /** Opened (rope or bolt removed, or lock released). */
    OPEN,
    /** Integrity violated: cut rope, forced case, tamper switch. */
    TAMPERED,
    /** The report does not say. */
    UNKNOWN
}
