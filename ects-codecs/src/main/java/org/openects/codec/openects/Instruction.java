package org.openects.codec.openects;

import java.time.Duration;
import java.util.Arrays;

/** What a command asks the device to do. */
public sealed interface Instruction {

    /** Release the lock. {@code authorisation} is the platform's reference of the officer's authorisation (logged). */
    record Unlock(long authorisation) implements Instruction {
        public Unlock {
            if (authorisation < 0 || authorisation > CompactProtocol.MAX_U32) {
                throw new IllegalArgumentException("authorisation reference must be 0 to 2^32-1: " + authorisation);
            }
        }
    }

    /** Report every {@code interval} (whole seconds, at least one). */
    record SetReportInterval(Duration interval) implements Instruction {
        public SetReportInterval {
            if (interval.toMillis() % 1000 != 0
                    || interval.getSeconds() < 1
                    || interval.getSeconds() > CompactProtocol.MAX_U32) {
                throw new IllegalArgumentException("interval must be whole seconds, 1 to 2^32-1: " + interval);
            }
        }
    }

    /** Answer with an acknowledgement and a report now. */
    record Ping() implements Instruction {}

    /**
     * Replace the device key. {@code wrappedKey} is the new key wrapped under the current one ({@link KeyWrap}); the
     * device acknowledges under the new key.
     */
    record RotateKey(byte[] wrappedKey) implements Instruction {
        public RotateKey {
            if (wrappedKey.length != KeyWrap.WRAPPED_BYTES) {
                throw new IllegalArgumentException("a wrapped key has " + KeyWrap.WRAPPED_BYTES + " bytes");
            }
            wrappedKey = wrappedKey.clone();
        }

        @Override
        public byte[] wrappedKey() {
            return wrappedKey.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof RotateKey that && Arrays.equals(wrappedKey, that.wrappedKey);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(wrappedKey);
        }

        @Override
        public String toString() {
            return "RotateKey[wrapped]";
        }
    }
}
