package org.openects.server.shared;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's worker skeleton: one or more partitions, each a bounded queue and one platform thread that takes
 * whatever has arrived (up to a batch) and hands it to its {@link Handler}. Items offered under the same partition key
 * go to the same partition and are handed over in the order they were queued.
 *
 * <ul>
 *   <li>{@link #offer} never blocks: {@code false} when the partition's queue is full. {@link #put} waits for room (for
 *       producers that are themselves workers, never network threads).
 *   <li>A handler that throws a {@link RuntimeException} has the failure logged; its batch is dropped from the queue
 *       (the handler says what becomes of it) and the thread goes on with the next one. {@link GiveUp} ends the
 *       thread at once, leaving what is queued.
 *   <li>{@link #stop} lets each thread drain its queue, waiting for it up to the {@linkplain Builder#stopWithin stop
 *       wait}; then {@link Handler#stopped} runs in the thread.
 *   <li>Metrics, tagged {@code worker} (the worker's name): gauge {@code ects.worker.queue.depth} (also tagged {@code
 *       partition}), counters {@code ects.worker.batches} and {@code ects.worker.items}, timer {@code
 *       ects.worker.batch.duration} (time in {@link Handler#handle}). Optionally a {@link QueueWatch} per partition
 *       ({@link Builder#watched}).
 * </ul>
 *
 * @param <T> what is queued
 */
public final class BatchWorker<T> {

    private static final Logger log = LoggerFactory.getLogger(BatchWorker.class);

    /**
     * What a partition's thread does with what it takes. All its methods run in that one thread, so a handler may keep
     * state of its own without locks.
     */
    @FunctionalInterface
    public interface Handler<T> {

        /**
         * Handles one batch (1 to the batch size, in queue order). The list is the worker's: read it here, do not
         * keep it.
         */
        void handle(List<T> batch) throws InterruptedException;

        /** Runs first in the thread, before anything is taken; {@code false} ends the thread at once. */
        default boolean starting() throws InterruptedException {
            return true;
        }

        /** Runs when nothing arrived within the wait while the worker runs. */
        default void idle() throws InterruptedException {}

        /** How long the next take waits for a first item, given the configured wait. */
        default Duration nextWait(Duration configured) {
            return configured;
        }

        /** Runs last in the thread, once the worker stopped and the queue drained (not after an interrupt). */
        default void stopped() {}
    }

    /**
     * Thrown by a handler to end its thread now (the worker is stopping and the batch cannot be finished): the items
     * still queued are left, and {@link Handler#stopped} runs.
     */
    public static final class GiveUp extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public GiveUp(String message) {
            super(message, null, false, false);
        }
    }

    private final String name;
    private final int capacity;
    private final int batchSize;
    private final Duration wait;
    private final Duration stopWithin;
    private final List<Partition> partitions;
    private final Counter batches;
    private final Counter items;
    private final Timer duration;
    private final Clock clock;
    private volatile boolean running;

    private BatchWorker(Builder<T> spec, MeterRegistry meters, IntFunction<Handler<T>> handlers) {
        this.name = spec.name;
        this.capacity = spec.capacity;
        this.batchSize = spec.batchSize;
        this.wait = spec.wait;
        this.stopWithin = spec.stopWithin;
        this.clock = meters.config().clock();
        int count = spec.partitions == null ? 1 : spec.partitions;
        List<Partition> made = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String suffix = spec.partitions == null ? "" : "-" + i;
            Partition partition = new Partition(spec.threadName + suffix, handlers.apply(i));
            made.add(partition);
            BlockingQueue<T> queue = partition.queue;
            Gauge.builder("ects.worker.queue.depth", queue, BlockingQueue::size)
                    .description("Items waiting in a worker's partition queue")
                    .tag("worker", name)
                    .tag("partition", Integer.toString(i))
                    .register(meters);
            if (spec.watchName != null) {
                partition.watch = new QueueWatch(spec.watchName + suffix, queue, spec.capacity, spec.highWater, meters);
            }
        }
        this.partitions = List.copyOf(made);
        this.batches = Counter.builder("ects.worker.batches")
                .description("Batches a worker handed to its handler")
                .tag("worker", name)
                .register(meters);
        this.items = Counter.builder("ects.worker.items")
                .description("Items a worker handed to its handler")
                .tag("worker", name)
                .register(meters);
        this.duration = Timer.builder("ects.worker.batch.duration")
                .description("Time a worker's handler spent on a batch")
                .tag("worker", name)
                .register(meters);
    }

    /**
     * A worker of this name (the {@code worker} tag of its metrics, and its threads' name unless {@link
     * Builder#threadName} says otherwise).
     */
    public static <T> Builder<T> named(String name) {
        return new Builder<>(name);
    }

    /** How a worker is made. Defaults: one partition, capacity 10,000, batch 500, wait 200 ms, stop wait 10 s. */
    public static final class Builder<T> {
        private final String name;
        private String threadName;
        private @Nullable Integer partitions;
        private int capacity = 10_000;
        private int batchSize = 500;
        private Duration wait = Duration.ofMillis(200);
        private Duration stopWithin = Duration.ofSeconds(10);
        private @Nullable String watchName;
        private int highWater;

        private Builder(String name) {
            this.name = name;
            this.threadName = name;
        }

        /** The name of its thread, or with {@link #partitions} the prefix of its threads' ({@code name-0}, …). */
        public Builder<T> threadName(String threadName) {
            this.threadName = threadName;
            return this;
        }

        /** Partitioned: this many queues and threads (at least one), named with their index. */
        public Builder<T> partitions(int partitions) {
            this.partitions = Math.max(1, partitions);
            return this;
        }

        /** The bound of each partition's queue. */
        public Builder<T> capacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("capacity of worker " + name + " must be at least 1: " + capacity);
            }
            this.capacity = capacity;
            return this;
        }

        /** The most items handed over at once. */
        public Builder<T> batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException(
                        "batch size of worker " + name + " must be at least 1: " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** How long a thread waits for a first item before it calls {@link Handler#idle} (and checks for a stop). */
        public Builder<T> wait(Duration wait) {
            this.wait = wait;
            return this;
        }

        /** How long {@link #stop} waits for each thread to drain its queue. */
        public Builder<T> stopWithin(Duration stopWithin) {
            this.stopWithin = stopWithin;
            return this;
        }

        /**
         * Watches each queue with a {@link QueueWatch} of this name (with {@link #partitions}: suffixed with the index)
         * and high-water mark.
         */
        public Builder<T> watched(String queueName, int highWater) {
            this.watchName = queueName;
            this.highWater = highWater;
            return this;
        }

        /** The worker, not started; {@code handlers} gives each partition's handler, by index. */
        public BatchWorker<T> build(MeterRegistry meters, IntFunction<Handler<T>> handlers) {
            return new BatchWorker<>(this, meters, handlers);
        }
    }

    /** The number of partitions. */
    public int partitions() {
        return partitions.size();
    }

    /** The partition of this key: by its hash code. */
    public int partitionOf(Object key) {
        return Math.floorMod(key.hashCode(), partitions.size());
    }

    /** Queues the item in its key's partition if there is room now; {@code false} when that queue is full. */
    public boolean offer(Object key, T item) {
        return offerTo(partitionOf(key), item);
    }

    /** Queues the item in this partition if there is room now; {@code false} when its queue is full. */
    public boolean offerTo(int partition, T item) {
        Partition p = partitions.get(partition);
        if (!p.queue.offer(item)) {
            return false;
        }
        p.check();
        return true;
    }

    /** Queues the item in this partition, waiting while its queue is full. */
    public void put(int partition, T item) throws InterruptedException {
        Partition p = partitions.get(partition);
        p.queue.put(item);
        p.check();
    }

    /** How many items wait in this partition's queue. */
    public int depth(int partition) {
        return partitions.get(partition).queue.size();
    }

    /** Whether the queue of some partition is past its watch's high-water mark (false without a watch). */
    public boolean backedUp() {
        for (Partition p : partitions) {
            QueueWatch watch = p.watch;
            if (watch != null && watch.backedUp()) {
                return true;
            }
        }
        return false;
    }

    /** Starts the threads (once; again after a {@link #stop}). */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        for (Partition p : partitions) {
            p.thread = Thread.ofPlatform().name(p.threadName).daemon(false).start(p::run);
        }
    }

    /**
     * Stops taking new work once the queues are empty: each thread drains its queue and ends; this waits for each up
     * to the stop wait. A thread still busy then goes on in the background.
     */
    public void stop() {
        running = false;
        for (Partition p : partitions) {
            Thread t = p.thread;
            if (t != null) {
                try {
                    t.join(stopWithin.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** True from {@link #start} until {@link #stop}: handlers retrying a failure give up once it is false. */
    public boolean isRunning() {
        return running;
    }

    private final class Partition {
        final String threadName;
        final Handler<T> handler;
        final BlockingQueue<T> queue;

        @Nullable
        QueueWatch watch;

        volatile @Nullable Thread thread;

        Partition(String threadName, Handler<T> handler) {
            this.threadName = threadName;
            this.handler = handler;
            this.queue = new LinkedBlockingQueue<>(capacity); // exists from here on: items may wait for start
        }

        void check() {
            QueueWatch w = watch;
            if (w != null) {
                w.check();
            }
        }

        void run() {
            try {
                if (!handler.starting()) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            List<T> batch = new ArrayList<>(batchSize);
            while (running || !queue.isEmpty()) {
                try {
                    check();
                    T first = queue.poll(handler.nextWait(wait).toNanos(), TimeUnit.NANOSECONDS);
                    if (first == null) {
                        if (running) {
                            handler.idle();
                        }
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, batchSize - 1);
                    check();
                    long started = clock.monotonicTime();
                    try {
                        handler.handle(batch);
                    } finally {
                        duration.record(clock.monotonicTime() - started, TimeUnit.NANOSECONDS);
                        batches.increment();
                        items.increment(batch.size());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (GiveUp e) {
                    log.warn("Worker {} ({}) gives up: {}", name, threadName, e.getMessage());
                    break;
                } catch (RuntimeException e) {
                    log.error(
                            "Worker {} ({}) failed on a batch of {}; continuing with the next",
                            name,
                            threadName,
                            batch.size(),
                            e);
                } finally {
                    batch.clear();
                }
            }
            try {
                handler.stopped();
            } catch (RuntimeException e) {
                log.error("Worker {} ({}) failed while stopping", name, threadName, e);
            }
        }
    }
}
