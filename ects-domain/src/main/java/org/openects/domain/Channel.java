package org.openects.domain;

/** The bearer a report travelled over. */
public enum Channel {
    CELLULAR,
    SATELLITE,
    UNKNOWN
}
