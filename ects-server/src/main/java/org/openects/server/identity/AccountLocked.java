package org.openects.server.identity;

import java.time.Instant;

/**
 * Published when an account is locked after too many consecutive failed logins, for the audit log.
 *
 * @param username the locked account
 * @param failedAttempts the consecutive failures that caused the lock
 * @param lockedUntil when logins are accepted again
 */
public record AccountLocked(String username, int failedAttempts, Instant lockedUntil) {}
