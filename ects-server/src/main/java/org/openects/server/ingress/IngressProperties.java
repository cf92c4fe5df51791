package org.openects.server.ingress;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Device listeners other than MQTT ({@code ects.ingress.*}).
 *
 * @param tcpHost the address the TCP listeners bind to
 * @param tcp listening port per TCP protocol ({@code openects}, {@code ais140}, {@code jt600}, {@code jt808},
 *     {@code teltonika}, {@code iridium}); {@code 0} picks a free port, a negative port turns the listener off
 * @param idleTimeout a TCP connection that sends nothing for this long is closed
 */
@ConfigurationProperties("ects.ingress")
public record IngressProperties(
        @DefaultValue("0.0.0.0") String tcpHost,
        @DefaultValue Map<String, Integer> tcp,
        @DefaultValue("5m") Duration idleTimeout) {}
