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
 * @param writeQueueCapacity most rows waiting for the batch writer; a partition that finds the queue full waits
 * @param partitionQueueCapacity most batches of reports waiting for one monitoring partition; the ingest partition
 *     handing them over waits when it is full (never a network thread)
 * @param queueHighWater the fraction of a queue's capacity from which it counts as backed up (alarm, {@code
 *     ects.queue.backed-up})
 * @param writeDelay for tests only: how long the writer waits before writing each batch, so that a test can stop the
 *     process while acknowledged reports are not derived yet; {@code 0} (the default) in any real deployment
 */
@ConfigurationProperties("ects.monitoring")
public record MonitoringProperties(
        @DefaultValue("2") int partitions,
        @DefaultValue("1s") Duration clockInterval,
        @DefaultValue("2000") int writeBatchSize,
        @DefaultValue("100ms") Duration writeInterval,
        @DefaultValue("200000") int writeQueueCapacity,
        @DefaultValue("10000") int partitionQueueCapacity,
        @DefaultValue("0.8") double queueHighWater,
        @DefaultValue("0s") Duration writeDelay) {

    public MonitoringProperties {
        if (writeQueueCapacity < 1 || partitionQueueCapacity < 1) {
            throw new IllegalArgumentException("ects.monitoring queue capacities must be at least 1");
        }
        if (!(queueHighWater > 0 && queueHighWater <= 1)) {
            throw new IllegalArgumentException("ects.monitoring.queue-high-water must be in (0, 1]: " + queueHighWater);
        }
    }

    /** The high-water mark of a queue of this capacity. */
    public int highWaterOf(int capacity) {
        return Math.max(1, Math.min(capacity, (int) Math.ceil(capacity * queueHighWater)));
    }
}
