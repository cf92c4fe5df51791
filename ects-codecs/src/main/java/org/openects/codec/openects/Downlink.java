package org.openects.codec.openects;

import java.time.Duration;
import java.time.Instant;
import org.openects.domain.DeviceId;

/** A native protocol message from the platform to a device, signed under the device key. */
public sealed interface Downlink {

    DeviceId deviceId();

    /**
     * A command.
     *
     * @param counter from the platform's downlink sequence for this device (not the device's uplink counters); the
     *     device carries out only a command whose counter is above every command counter it accepted before
     * @param issuedAt when the platform issued it (whole seconds in the compact form)
     * @param validFor how long after {@code issuedAt} the device may still carry it out (whole minutes, 1 to 65535)
     */
    record Command(DeviceId deviceId, long counter, Instant issuedAt, Duration validFor, Instruction instruction)
            implements Downlink {
        public Command {
            if (counter < 0 || counter > CompactProtocol.MAX_U32) {
                throw new IllegalArgumentException("command counter must be 0 to 2^32-1: " + counter);
            }
            long minutes = validFor.toMinutes();
            if (!validFor.equals(Duration.ofMinutes(minutes)) || minutes < 1 || minutes > 65535) {
                throw new IllegalArgumentException("validity must be 1 to 65535 whole minutes: " + validFor);
            }
        }

        public Instant expiresAt() {
            return issuedAt.plus(validFor);
        }
    }

    /**
     * The answer to the time request with counter {@code requestCounter}; it has no counter of its own: the device
     * accepts it only for its latest outstanding request.
     *
     * @param platformTime the platform's clock when it answered (millisecond resolution)
     */
    record TimeResponse(DeviceId deviceId, long requestCounter, Instant platformTime) implements Downlink {}
}
