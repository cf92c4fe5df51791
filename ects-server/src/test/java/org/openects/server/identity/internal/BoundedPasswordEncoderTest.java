package org.openects.server.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** Password hashing is bounded: a hash that finds no free slot in time fails fast instead of queueing. */
class BoundedPasswordEncoderTest {

    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);

    @Test
    void aHashBeyondTheBoundFailsFastWhileTheOthersRun() throws Exception {
        Semaphore slots = new Semaphore(2);
        CountDownLatch inside = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        // Two slow hashes occupy both slots.
        BoundedPasswordEncoder slow =
                new BoundedPasswordEncoder(new BlockingEncoder(bcrypt, inside, release), slots, Duration.ofMillis(20));
        Thread first = Thread.ofVirtual().start(() -> slow.matches("a", bcrypt.encode("a")));
        Thread second = Thread.ofVirtual().start(() -> slow.matches("b", bcrypt.encode("b")));
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

        BoundedPasswordEncoder third = new BoundedPasswordEncoder(bcrypt, slots, Duration.ofMillis(20));
        assertThatThrownBy(() -> third.matches("c", bcrypt.encode("c")))
                .isInstanceOf(BoundedPasswordEncoder.BusyException.class);
        assertThatThrownBy(() -> third.encode("c")).isInstanceOf(BoundedPasswordEncoder.BusyException.class);

        release.countDown();
        first.join();
        second.join();
        assertThat(slots.availablePermits()).isEqualTo(2);
        assertThat(third.matches("c", third.encode("c"))).isTrue();
        assertThat(slots.availablePermits()).isEqualTo(2);
    }

    @Test
    void aSlotIsGivenBackWhenTheHashThrows() {
        Semaphore slots = new Semaphore(1);
        BoundedPasswordEncoder encoder = new BoundedPasswordEncoder(new FailingEncoder(), slots, Duration.ZERO);

        assertThatThrownBy(() -> encoder.encode("x")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> encoder.matches("x", "y")).isInstanceOf(IllegalStateException.class);

        assertThat(slots.availablePermits()).isEqualTo(1);
    }

    /** An encoder whose every hash fails, as a broken hash store would make it. */
    private static final class FailingEncoder implements org.springframework.security.crypto.password.PasswordEncoder {

        @Override
        public String encode(CharSequence rawPassword) {
            throw new IllegalStateException("hashing failed");
        }

        @Override
        public boolean matches(CharSequence rawPassword, String encodedPassword) {
            throw new IllegalStateException("hashing failed");
        }
    }

    /** A real bcrypt encoder whose matches waits until the test lets it go, to hold a slot for as long as needed. */
    private record BlockingEncoder(BCryptPasswordEncoder delegate, CountDownLatch inside, CountDownLatch release)
            implements org.springframework.security.crypto.password.PasswordEncoder {

        @Override
        public String encode(CharSequence rawPassword) {
            return delegate.encode(rawPassword);
        }

        @Override
        public boolean matches(CharSequence rawPassword, String encodedPassword) {
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return delegate.matches(rawPassword, encodedPassword);
        }
    }
}
