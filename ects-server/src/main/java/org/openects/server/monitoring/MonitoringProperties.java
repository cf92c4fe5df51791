package org.openects.server.monitoring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the monitoring hot path ({@code ects.monitoring.*}).
 *
 * @param partitions number of partitions (threads) movements are spread over
 * @param clockInterval how often timer-driven rules (reporting gap) are evaluated
 * @param writeBatchSize most rows written in one batch
 * @param writeInterval longest time a row waits before it is written
 * @param writeDelay for tests only: how long the writer waits before writing each batch, so that a test can stop the
 *     process while acknowledged reports are not derived yet; {@code 0} (the default) in any real deployment
 */
@ConfigurationProperties("ects.monitoring")
public record MonitoringProperties(
        @DefaultValue("2") int partitions,
        @DefaultValue("1s") Duration clockInterval,
        @DefaultValue("2000") int writeBatchSize,
        @DefaultValue("100ms") Duration writeInterval,
        @DefaultValue("0s") Duration writeDelay) {}
