package org.openects.server.support;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for something the platform does asynchronously (through MQTT, the hot path and the batch writer). */
public final class Eventually {

    private Eventually() {}

    /** Polls {@code probe} until it returns non-null, failing with {@code what} after {@code timeout}. */
    public static <T> T await(Duration timeout, String what, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
