package org.openects.evidence;

import java.util.function.Function;

/**
 * The outcome of a verification: {@link Valid} with what was verified, or {@link Invalid} with one precise reason. A
 * failed verification is an expected outcome, never an exception.
 *
 * @param <T> what a successful verification yields
 */
public sealed interface Verdict<T> {

    /** True when valid. */
    default boolean isValid() {
        return this instanceof Valid<T>;
    }

    /** The verified value; throws {@link IllegalStateException} with the reason when invalid. */
    default T orElseThrow() {
        return switch (this) {
            case Valid<T> valid -> valid.value();
            case Invalid<T> invalid -> throw new IllegalStateException(invalid.message());
        };
    }

    /** The verified value mapped, or this failure. */
    default <U> Verdict<U> map(Function<? super T, ? extends U> mapper) {
        return switch (this) {
            case Valid<T> valid -> new Valid<>(mapper.apply(valid.value()));
            case Invalid<T> invalid -> invalid.cast();
        };
    }

    /** The next verification when this one is valid, or this failure. */
    default <U> Verdict<U> then(Function<? super T, Verdict<U>> next) {
        return switch (this) {
            case Valid<T> valid -> next.apply(valid.value());
            case Invalid<T> invalid -> invalid.cast();
        };
    }

    static <T> Verdict<T> valid(T value) {
        return new Valid<>(value);
    }

    static <T> Verdict<T> invalid(Reason reason, String message) {
        return new Invalid<>(reason, message);
    }

    /** The verification passed. */
    record Valid<T>(T value) implements Verdict<T> {}

    /**
     * The verification failed.
     *
     * @param reason the kind of failure, stable for programs
     * @param message one line for people, naming what failed (an entry, a key, a size)
     */
    record Invalid<T>(Reason reason, String message) implements Verdict<T> {

        /** The same failure for a verification of another type. */
        public <U> Invalid<U> cast() {
            return new Invalid<>(reason, message);
        }

        /** The same failure with its message prefixed, for example by the entry it concerns. */
        public Invalid<T> prefixed(String prefix) {
            return new Invalid<>(reason, prefix + message);
        }
    }
}
