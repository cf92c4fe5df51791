package org.openects.server.ingress.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openects.codec.RejectReason;
import org.openects.codec.openects.DecodeResult;
import org.openects.codec.openects.NativeReportCodec;
import org.openects.codec.openects.ReplayWindow;
import org.openects.domain.Channel;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;
import org.openects.server.devices.DeviceActivity;
import org.openects.server.devices.DeviceDirectory;
import org.openects.server.ingress.IngressOutcome;
import org.openects.server.ingress.MqttProperties;
import org.openects.server.monitoring.ReportIntake;
import org.openects.server.shared.TimeOrderedIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ingest pipeline: messages are spread over partitions by device; each partition thread takes whatever has
 * arrived (up to a batch), decodes and verifies each message (signature, replay window), archives all of them raw
 * with digest and outcome in one transaction, records the devices' activity in the same transaction, and only then
 * acknowledges them to the broker and hands the accepted reports to monitoring. A message is therefore either
 * archived or still held by the broker: never lost. A failing database stalls the partition (retrying), it does not
 * drop messages.
 */
@Component
class IngestPipeline implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IngestPipeline.class);
    private static final int QUEUE_CAPACITY = 50_000;
    private static final int DETAIL_LIMIT = 500;

    private final DeviceDirectory devices;
    private final ReportIntake monitoring;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final MqttProperties properties;
    private final NativeReportCodec codec;
    private final Partition[] partitions;
    private final Counter accepted;
    private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
    private volatile boolean running;

    IngestPipeline(
            DeviceDirectory devices,
            ReportIntake monitoring,
            JdbcTemplate jdbc,
            TransactionTemplate transactions,
            MqttProperties properties,
            MeterRegistry meters) {
        this.devices = devices;
        this.monitoring = monitoring;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.properties = properties;
        this.codec = new NativeReportCodec(devices::keyOf);
        this.partitions = new Partition[Math.max(1, properties.partitions())];
        for (int i = 0; i < partitions.length; i++) {
            partitions[i] = new Partition(i);
        }
        this.accepted = Counter.builder("ects.ingress.messages")
                .tag("outcome", "accepted")
                .tag("reason", "none")
                .register(meters);
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(
                    reason,
                    Counter.builder("ects.ingress.messages")
                            .tag("outcome", "rejected")
                            .tag("reason", reason.name())
                            .register(meters));
        }
    }

    /** Queues a message for its partition; blocks when the partition is this far behind (back-pressure). */
    void offer(InboundMessage message) throws InterruptedException {
        int index = Math.floorMod(message.partitionKey().hashCode(), partitions.length);
        partitions[index].queue.put(message);
    }

    @Override
    public void start() {
        running = true;
        for (Partition partition : partitions) {
            partition.thread =
                    Thread.ofPlatform().name("ingest-" + partition.index).start(partition::run);
        }
    }

    @Override
    public void stop() {
        running = false;
        for (Partition partition : partitions) {
            Thread t = partition.thread;
            if (t != null) {
                try {
                    t.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Starts after monitoring (which it feeds), before the MQTT subscription; stops in the reverse order.
        return Integer.MAX_VALUE - 500;
    }

    /** One archived message, as written. */
    private record Archived(
            long id,
            InboundMessage message,
            byte[] digest,
            @Nullable String claimedDevice,
            IngressOutcome outcome,
            @Nullable RejectReason reason,
            @Nullable String detail) {}

    private final class Partition {
        final int index;
        final BlockingQueue<InboundMessage> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        final Map<DeviceId, ReplayWindow> windows = new HashMap<>();
        final MessageDigest sha256;
        volatile @Nullable Thread thread;

        Partition(int index) {
            this.index = index;
            try {
                this.sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        void run() {
            List<InboundMessage> batch = new ArrayList<>(properties.batchSize());
            while (running || !queue.isEmpty()) {
                try {
                    InboundMessage first = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, properties.batchSize() - 1);
                    process(batch);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    log.error(
                            "Ingest partition {} failed on a batch of {}; its messages stay unacknowledged",
                            index,
                            batch.size(),
                            e);
                } finally {
                    batch.clear();
                }
            }
        }

        private void process(List<InboundMessage> batch) throws InterruptedException {
            List<Archived> archived = new ArrayList<>(batch.size());
            List<Report> reports = new ArrayList<>(batch.size());
            Map<DeviceId, DeviceActivity> activity = new HashMap<>();
            for (InboundMessage message : batch) {
                long id = TimeOrderedIds.next();
                byte[] digest = sha256.digest(message.payload());
                DecodeResult result = codec.decode(message.payload(), message.receivedAt(), Channel.CELLULAR);
                if (result instanceof DecodeResult.Accepted a) {
                    result = windowOf(a.report().deviceId()).admit(result);
                }
                switch (result) {
                    case DecodeResult.Accepted a -> {
                        Report report = a.report().withRawMessageId(id);
                        reports.add(report);
                        archived.add(new Archived(
                                id, message, digest, report.deviceId().value(), IngressOutcome.ACCEPTED, null, null));
                        activity.merge(
                                report.deviceId(),
                                new DeviceActivity(
                                        report.deviceId(),
                                        report.counter(),
                                        message.receivedAt(),
                                        report.batteryPercent()),
                                (old, now) -> new DeviceActivity(
                                        now.deviceId(),
                                        Math.max(old.highestCounter(), now.highestCounter()),
                                        now.seenAt(),
                                        now.batteryPercent() != null ? now.batteryPercent() : old.batteryPercent()));
                    }
                    case DecodeResult.Rejected r ->
                        archived.add(new Archived(
                                id,
                                message,
                                digest,
                                r.claimedDevice() == null
                                        ? null
                                        : r.claimedDevice().value(),
                                IngressOutcome.REJECTED,
                                r.reason(),
                                truncate(r.detail(), DETAIL_LIMIT)));
                }
            }
            if (!store(archived, activity)) {
                return;
            }
            for (Archived a : archived) {
                a.message().acknowledge().run();
                if (a.outcome() == IngressOutcome.ACCEPTED) {
                    accepted.increment();
                } else if (a.reason() != null) {
                    rejected.get(a.reason()).increment();
                    log.debug("Rejected message from {}: {} {}", a.message().source(), a.reason(), a.detail());
                }
            }
            if (!reports.isEmpty()) {
                monitoring.submit(reports);
            }
        }

        private ReplayWindow windowOf(DeviceId deviceId) {
            ReplayWindow window = windows.get(deviceId);
            if (window == null) {
                window = new ReplayWindow(devices.persistedCounter(deviceId));
                windows.put(deviceId, window);
            }
            return window;
        }

        /**
         * Archives the batch, retrying while the platform runs; false when it is shutting down without having
         * stored them (the messages then stay unacknowledged, and the broker delivers them again).
         */
        private boolean store(List<Archived> archived, Map<DeviceId, DeviceActivity> activity)
                throws InterruptedException {
            List<Object[]> rows = new ArrayList<>(archived.size());
            for (Archived a : archived) {
                rows.add(new Object[] {
                    a.id(),
                    Timestamp.from(a.message().receivedAt()),
                    a.message().transport(),
                    truncate(a.message().source(), 256),
                    a.claimedDevice(),
                    a.digest(),
                    a.message().payload(),
                    a.outcome().name(),
                    a.reason() == null ? null : a.reason().name(),
                    a.detail()
                });
            }
            long backoff = 100;
            while (true) {
                try {
                    transactions.executeWithoutResult(status -> {
                        jdbc.batchUpdate("""
                                INSERT INTO raw_messages (id, received_at, transport, source, claimed_device_id, digest,
                                    payload, outcome, reason, detail)
                                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
                        devices.recordActivity(activity.values());
                    });
                    return true;
                } catch (RuntimeException e) {
                    if (!running) {
                        log.warn(
                                "Shutting down: {} messages left unacknowledged for the broker to redeliver",
                                rows.size());
                        return false;
                    }
                    log.error("Archiving {} messages failed; retrying in {} ms", rows.size(), backoff, e);
                    Thread.sleep(backoff);
                    backoff = Math.min(backoff * 2, 10_000);
                }
            }
        }
    }

    private static @Nullable String truncate(@Nullable String s, int limit) {
        return s == null || s.length() <= limit ? s : s.substring(0, limit);
    }
}
