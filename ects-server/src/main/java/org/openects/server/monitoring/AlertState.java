package org.openects.server.monitoring;

/** Where an alert is in its handling. */
public enum AlertState {
    OPEN,
    ACKNOWLEDGED,
    RESOLVED,
    FALSE_ALARM;

    public boolean isClosed() {
        return this == RESOLVED || this == FALSE_ALARM;
    }
}
