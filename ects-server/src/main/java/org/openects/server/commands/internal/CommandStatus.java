package org.openects.server.commands.internal;

import org.openects.codec.openects.AckStatus;

/**
 * Where a command is: stored and not yet taken by the broker or the connection ({@link #PENDING}), taken ({@link
 * #SENT}), answered by the device (one per acknowledgement status of device protocol section 5.3), or not answered
 * within its validity ({@link #TIMED_OUT}).
 */
public enum CommandStatus {
    PENDING,
    SENT,
    DONE,
    REFUSED,
    FAILED,
    UNSUPPORTED,
    EXPIRED,
    STALE_COUNTER,
    TIMED_OUT;

    static CommandStatus of(AckStatus status) {
        return valueOf(status.name());
    }

    /** Whether the command still waits for the device's answer. */
    boolean open() {
        return this == PENDING || this == SENT;
    }
}
