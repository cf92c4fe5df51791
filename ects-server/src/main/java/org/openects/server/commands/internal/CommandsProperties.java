package org.openects.server.commands.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of device commands ({@code ects.commands.*}).
 *
 * @param defaultValidity how long a device may carry out a command when the request names no {@code validMinutes}
 *     (whole minutes, 1 to 65535)
 * @param sweepInterval how often commands are checked for timeouts and unsent ones sent again
 * @param ackGrace how long after its validity a command waits for an acknowledgement before it is {@code TIMED_OUT}
 *     (an acknowledgement arriving later still records the device's answer, except for a key rotation, which is
 *     abandoned at the timeout)
 */
@ConfigurationProperties("ects.commands")
public record CommandsProperties(
        @DefaultValue("10m") Duration defaultValidity,
        @DefaultValue("15s") Duration sweepInterval,
        @DefaultValue("1m") Duration ackGrace) {

    public CommandsProperties {
        long minutes = defaultValidity.toMinutes();
        if (!defaultValidity.equals(Duration.ofMinutes(minutes)) || minutes < 1 || minutes > 65535) {
            throw new IllegalArgumentException(
                    "ects.commands.default-validity must be 1 to 65535 whole minutes: " + defaultValidity);
        }
        if (sweepInterval.isNegative() || sweepInterval.isZero() || ackGrace.isNegative()) {
            throw new IllegalArgumentException("ects.commands.sweep-interval must be positive, ack-grace not negative");
        }
    }
}
