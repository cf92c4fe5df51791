package org.openects.server.live.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the live event streams, under {@code ects.live}.
 *
 * @param heartbeat how often an idle stream gets a heartbeat comment, and how often every stream's session or token is
 *     checked again (a stream whose credential has ended is closed)
 * @param maxStreamsPerUser open streams per account; a new one beyond this closes that account's oldest
 */
@ConfigurationProperties("ects.live")
public record LiveProperties(
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("3") int maxStreamsPerUser) {

    public LiveProperties {
        if (heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("ects.live.heartbeat must be positive");
        }
        if (maxStreamsPerUser < 1) {
            throw new IllegalArgumentException("ects.live.max-streams-per-user must be at least 1");
        }
    }
}
