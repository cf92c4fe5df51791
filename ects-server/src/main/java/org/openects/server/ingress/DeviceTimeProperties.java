package org.openects.server.ingress;

import java.time.Duration;
import org.openects.codec.DeviceTimeWindow;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The window a device's reading time must fall in around its receive time ({@code ects.ingress.device-time.*}),
 * for every protocol: a reading dated earlier is refused {@code PAST_DATED}, one dated later {@code FUTURE_DATED}.
 *
 * @param maxPast how long before its receipt a reading may have been taken (buffered history included)
 * @param maxFuture how far ahead of the platform a device's clock may run; the signed native codecs also keep their
 *     own allowance of 5 minutes, so a longer one here does not loosen them
 */
@ConfigurationProperties("ects.ingress.device-time")
public record DeviceTimeProperties(
        @DefaultValue("7305d") Duration maxPast,
        @DefaultValue("5m") Duration maxFuture) {

    public DeviceTimeProperties {
        window(maxPast, maxFuture); // refuses to start with a negative or impossible window
    }

    /** The window as the codecs take it. */
    public DeviceTimeWindow window() {
        return window(maxPast, maxFuture);
    }

    private static DeviceTimeWindow window(Duration maxPast, Duration maxFuture) {
        try {
            return new DeviceTimeWindow(maxPast, maxFuture);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ects.ingress.device-time: " + e.getMessage(), e);
        }
    }
}
