package org.openects.server.shared;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The worker skeleton on its own: what it hands its handlers, in which order and batches, what it does when full,
 * failing or stopping, and the meters it keeps.
 */
class BatchWorkerTest {

    final MockClock clock = new MockClock();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    /** Every batch handed over, as handed (copied: the worker reuses its list). */
    final BlockingQueue<List<Integer>> handled = new LinkedBlockingQueue<>();

    final List<BatchWorker<Integer>> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(BatchWorker::stop);
    }

    BatchWorker<Integer> start(BatchWorker<Integer> worker) {
        started.add(worker);
        worker.start();
        return worker;
    }

    List<Integer> next() throws InterruptedException {
        List<Integer> batch = handled.poll(10, TimeUnit.SECONDS);
        assertThat(batch).as("a batch handed over within 10 s").isNotNull();
        return batch;
    }

    @Test
    void hands_over_whatever_arrived_up_to_the_batch_size() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        BatchWorker<Integer> worker =
                start(BatchWorker.<Integer>named("test").batchSize(4).build(meters, i -> batch -> {
                    handled.add(List.copyOf(batch));
                    if (batch.contains(0)) {
                        busy.countDown();
                        assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
                    }
                }));
        assertThat(worker.offer("k", 0)).isTrue();
        assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 1; i <= 6; i++) {
            assertThat(worker.offer("k", i)).isTrue(); // queued while the handler is busy
        }
        release.countDown();

        assertThat(next()).containsExactly(0);
        assertThat(next()).as("what waited, up to the batch size").containsExactly(1, 2, 3, 4);
        assertThat(next()).containsExactly(5, 6);
    }

    @Test
    void keeps_the_order_of_each_key_within_its_partition() throws Exception {
        Map<Integer, List<Integer>> byPartition = new ConcurrentHashMap<>();
        CountDownLatch all = new CountDownLatch(300);
        BatchWorker<Integer> worker = start(
                BatchWorker.<Integer>named("ordered").partitions(3).batchSize(7).build(meters, index -> batch -> {
                    byPartition.computeIfAbsent(index, k -> new ArrayList<>()).addAll(batch);
                    batch.forEach(b -> all.countDown());
                }));
        for (int i = 0; i < 300; i++) {
            String key = "device-" + (i % 5);
            while (!worker.offer(key, i)) {
                Thread.onSpinWait();
            }
        }
        assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();

        for (int k = 0; k < 5; k++) {
            String key = "device-" + k;
            List<Integer> expected = new ArrayList<>();
            for (int i = k; i < 300; i += 5) {
                expected.add(i);
            }
            List<Integer> seen = byPartition.get(worker.partitionOf(key)).stream()
                    .filter(i -> i % 5 == key.charAt(key.length() - 1) - '0')
                    .toList();
            assertThat(seen).as("the items of %s, in its partition", key).isEqualTo(expected);
        }
        assertThat(byPartition.values().stream().mapToInt(List::size).sum()).isEqualTo(300);
    }

    @Test
    void refuses_an_offer_when_the_partition_is_full_and_put_waits_for_room() throws Exception {
        BatchWorker<Integer> worker = BatchWorker.<Integer>named("full")
                .capacity(3)
                .build(meters, i -> batch -> handled.add(List.copyOf(batch)));
        started.add(worker);
        assertThat(worker.offerTo(0, 1)).isTrue();
        assertThat(worker.offerTo(0, 2)).isTrue();
        assertThat(worker.offer("any", 3)).isTrue();
        assertThat(worker.offer("any", 4)).as("full: refused, not waiting").isFalse();
        assertThat(worker.depth(0)).isEqualTo(3);

        CountDownLatch put = new CountDownLatch(1);
        Thread producer = Thread.ofPlatform().start(() -> {
            try {
                worker.put(0, 5);
                put.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(put.await(200, TimeUnit.MILLISECONDS))
                .as("put waits while full")
                .isFalse();
        worker.start();
        assertThat(put.await(10, TimeUnit.SECONDS)).isTrue();
        producer.join(5_000);
        List<Integer> all = new ArrayList<>();
        while (all.size() < 4) {
            all.addAll(next());
        }
        assertThat(all).containsExactly(1, 2, 3, 5);
    }

    @Test
    void drains_what_is_queued_when_stopped_then_calls_stopped() throws Exception {
        List<String> calls = new ArrayList<>();
        BatchWorker<Integer> worker = BatchWorker.<Integer>named("drain")
                .batchSize(2)
                .build(meters, i -> new BatchWorker.Handler<>() {
                    @Override
                    public void handle(List<Integer> batch) {
                        calls.add("handle " + batch);
                    }

                    @Override
                    public void stopped() {
                        calls.add("stopped");
                    }
                });
        for (int i = 1; i <= 5; i++) {
            assertThat(worker.offerTo(0, i)).isTrue();
        }
        worker.start();
        worker.stop(); // at once: the thread drains the queue before it ends

        assertThat(worker.isRunning()).isFalse();
        assertThat(worker.depth(0)).isZero();
        assertThat(String.join("; ", calls)).isEqualTo("handle [1, 2]; handle [3, 4]; handle [5]; stopped");
    }

    @Test
    void a_handler_that_throws_loses_its_batch_but_not_its_thread() throws Exception {
        BatchWorker<Integer> worker =
                start(BatchWorker.<Integer>named("throws").batchSize(1).build(meters, i -> batch -> {
                    if (batch.getFirst() % 2 == 0) {
                        throw new IllegalStateException("even: " + batch);
                    }
                    handled.add(List.copyOf(batch));
                }));
        for (int i = 1; i <= 5; i++) {
            assertThat(worker.offerTo(0, i)).isTrue();
        }
        assertThat(next()).containsExactly(1);
        assertThat(next()).containsExactly(3);
        assertThat(next()).containsExactly(5);
        assertThat(worker.offerTo(0, 7)).isTrue();
        assertThat(next()).as("still taking work").containsExactly(7);
    }

    @Test
    void giving_up_ends_the_thread_and_leaves_the_rest_queued() throws Exception {
        AtomicBoolean stopped = new AtomicBoolean();
        CountDownLatch gaveUp = new CountDownLatch(1);
        BatchWorker<Integer> worker = BatchWorker.<Integer>named("gives-up")
                .batchSize(1)
                .build(meters, i -> new BatchWorker.Handler<>() {
                    @Override
                    public void handle(List<Integer> batch) {
                        gaveUp.countDown();
                        throw new BatchWorker.GiveUp("cannot store " + batch);
                    }

                    @Override
                    public void stopped() {
                        stopped.set(true);
                    }
                });
        worker.offerTo(0, 1);
        worker.offerTo(0, 2);
        worker.start();
        assertThat(gaveUp.await(10, TimeUnit.SECONDS)).isTrue();
        worker.stop();
        assertThat(stopped).isTrue();
        assertThat(worker.depth(0)).as("left queued").isEqualTo(1);
    }

    @Test
    void keeps_its_meters_under_its_name() throws Exception {
        BatchWorker<Integer> worker = BatchWorker.<Integer>named("metered")
                .partitions(2)
                .batchSize(10)
                .watched("metered-queue", 2)
                .build(meters, i -> batch -> {
                    clock.add(Duration.ofMillis(5)); // the handler takes 5 ms on the meters' clock
                    handled.add(List.copyOf(batch));
                });
        worker.offerTo(0, 1);
        worker.offerTo(0, 2);
        worker.offerTo(1, 3);
        assertThat(meters.get("ects.worker.queue.depth")
                        .tag("worker", "metered")
                        .tag("partition", "0")
                        .gauge()
                        .value())
                .isEqualTo(2);
        assertThat(meters.get("ects.queue.backed-up")
                        .tag("queue", "metered-queue-0")
                        .gauge()
                        .value())
                .as("the watch of partition 0, at its high-water mark")
                .isEqualTo(1);
        assertThat(worker.backedUp()).isTrue();

        start(worker);
        next();
        next();
        worker.stop();
        assertThat(meters.get("ects.worker.batches")
                        .tag("worker", "metered")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(meters.get("ects.worker.items")
                        .tag("worker", "metered")
                        .counter()
                        .count())
                .isEqualTo(3);
        assertThat(meters.get("ects.worker.batch.duration")
                        .tag("worker", "metered")
                        .timer()
                        .totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(10);
        assertThat(meters.get("ects.worker.queue.depth")
                        .tag("worker", "metered")
                        .tag("partition", "1")
                        .gauge()
                        .value())
                .isZero();
    }
}
