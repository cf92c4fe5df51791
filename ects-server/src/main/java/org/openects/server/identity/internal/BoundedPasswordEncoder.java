package org.openects.server.identity.internal;

import java.io.Serial;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Bounds how many password hashes are computed at once. A bcrypt hash at cost 12 takes about a quarter of a second of
 * CPU, so a burst of logins could otherwise occupy every core (and queue without bound). Each hash takes one of
 * {@code ects.identity.max-concurrent-hashes} slots; a caller that finds none free within
 * {@code ects.identity.hash-wait} gets a {@link BusyException} at once, which the login answers with 503.
 */
final class BoundedPasswordEncoder implements PasswordEncoder {

    /** Every hashing slot stayed busy for the whole wait. */
    static final class BusyException extends RuntimeException {
        @Serial
        private static final long serialVersionUID = 1L;

        BusyException() {
            super("Every password-hashing slot is busy; try again shortly");
        }
    }

    private final PasswordEncoder delegate;
    private final Semaphore slots;
    private final long waitNanos;

    BoundedPasswordEncoder(PasswordEncoder delegate, Semaphore slots, Duration wait) {
        this.delegate = delegate;
        this.slots = slots;
        this.waitNanos = wait.toNanos();
    }

    @Override
    public @Nullable String encode(@Nullable CharSequence rawPassword) {
        return bounded(() -> delegate.encode(rawPassword));
    }

    @Override
    public boolean matches(@Nullable CharSequence rawPassword, @Nullable String encodedPassword) {
        return bounded(() -> delegate.matches(rawPassword, encodedPassword));
    }

    @Override
    public boolean upgradeEncoding(@Nullable String encodedPassword) {
        return delegate.upgradeEncoding(encodedPassword);
    }

    private <T> T bounded(Supplier<T> hash) {
        try {
            if (!slots.tryAcquire(waitNanos, TimeUnit.NANOSECONDS)) {
                throw new BusyException();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusyException();
        }
        try {
            return hash.get();
        } finally {
            slots.release();
        }
    }
}
