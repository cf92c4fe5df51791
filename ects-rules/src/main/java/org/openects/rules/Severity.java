package org.openects.rules;

/** How urgently an event needs a person, from least to most. */
public enum Severity {
    INFO,
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL
}
