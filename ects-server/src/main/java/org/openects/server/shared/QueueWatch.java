package org.openects.server.shared;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a bounded writer queue for an operator: gauges {@code ects.queue.depth}, {@code ects.queue.capacity} and
 * {@code ects.queue.backed-up} (1 while the queue is past its high-water mark, else 0), a counter {@code
 * ects.queue.backups} of the times it went past it, all tagged {@code queue}; and one WARN line when it goes past the
 * mark and one when it has drained back below half of it — once per episode, not per item. The owner calls {@link
 * #check} after it adds to the queue.
 */
public final class QueueWatch {

    private static final Logger log = LoggerFactory.getLogger(QueueWatch.class);

    private final String name;
    private final Collection<?> queue;
    private final int capacity;
    private final int highWater;
    private final AtomicBoolean backedUp = new AtomicBoolean();
    private final Counter backups;

    /**
     * @param name the queue's name, the {@code queue} tag
     * @param queue the queue
     * @param capacity its bound
     * @param highWater the depth from which it counts as backed up (1 to capacity)
     * @param meters where the gauges go
     */
    public QueueWatch(String name, Collection<?> queue, int capacity, int highWater, MeterRegistry meters) {
        if (highWater < 1 || highWater > capacity) {
            throw new IllegalArgumentException(
                    "high-water mark of queue " + name + " must be 1-" + capacity + ": " + highWater);
        }
        this.name = name;
        this.queue = queue;
        this.capacity = capacity;
        this.highWater = highWater;
        Gauge.builder("ects.queue.depth", queue, Collection::size)
                .description("Items waiting in a bounded writer or partition queue")
                .tag("queue", name)
                .register(meters);
        Gauge.builder("ects.queue.capacity", () -> capacity)
                .description("The bound of a writer or partition queue")
                .tag("queue", name)
                .register(meters);
        Gauge.builder("ects.queue.backed-up", backedUp, b -> b.get() ? 1 : 0)
                .description("1 while a queue is past its high-water mark")
                .tag("queue", name)
                .register(meters);
        this.backups = Counter.builder("ects.queue.backups")
                .description("Times a queue went past its high-water mark")
                .tag("queue", name)
                .register(meters);
    }

    /** Notes the queue's depth now: raises or clears the alarm when it crosses the marks. */
    public void check() {
        int depth = queue.size();
        if (depth >= highWater) {
            if (backedUp.compareAndSet(false, true)) {
                backups.increment();
                log.warn(
                        "Queue {} is backing up: {} of {} items waiting (high-water mark {}); writers behind the"
                                + " database or a partition stalled",
                        name,
                        depth,
                        capacity,
                        highWater);
            }
        } else if (depth <= highWater / 2 && backedUp.get() && backedUp.compareAndSet(true, false)) {
            log.warn("Queue {} has drained: {} of {} items waiting", name, depth, capacity);
        }
    }

    /** Whether the queue is past its high-water mark (and has not drained to half of it since). */
    public boolean backedUp() {
        return backedUp.get();
    }
}
