package org.openects.server.audit.internal;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Room in memory for audit entries with outbox rows, between the recorders and the writer: taken when one is queued,
 * given back when the writer takes it. When there is none, recording waits a little, then leaves the entry in the
 * outbox only and marks the overflow, which the writer appends from the outbox later.
 */
final class AuditRoom {

    private volatile int limit;
    private volatile Duration wait;
    private volatile Semaphore room;
    /** Some entries were left in the outbox only, the queue being full. */
    private final AtomicBoolean overflow = new AtomicBoolean();

    AuditRoom(int limit, Duration wait) {
        resize(limit, wait);
    }

    /** Sets how many entries may wait in memory and how long recording waits for room (tests take less). */
    void resize(int limit, Duration wait) {
        this.limit = limit;
        this.wait = wait;
        this.room = new Semaphore(limit);
    }

    /** The most entries that wait in memory. */
    int limit() {
        return limit;
    }

    /** Takes room for one entry, waiting up to the wait; false (the overflow marked) when there is none. */
    boolean take() {
        try {
            if (room.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        overflow.set(true);
        return false;
    }

    /** Gives back the room of entries the writer took. */
    void release(int entries) {
        room.release(entries);
    }

    /**
     * Whether entries were left in the outbox only and it is time to append them: before a flush or checkpoint request
     * completes ({@code requested}), or once the queue has half emptied. Clears the mark when it answers yes.
     */
    boolean overflowDue(boolean requested) {
        if (overflow.get() && (requested || room.availablePermits() > limit / 2)) {
            overflow.set(false);
            return true;
        }
        return false;
    }
}
