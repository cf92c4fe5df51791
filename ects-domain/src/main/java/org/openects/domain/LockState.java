package org.openects.domain;

/** What an electronic lock says about its shackle or bolt. */
public enum LockState {
    LOCKED,
    UNLOCKED,
    /** The report does not say. */
    UNKNOWN
}
