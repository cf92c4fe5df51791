package org.openects.server.ingress.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openects.codec.DeviceMessage;
import org.openects.codec.FrameCodec;
import org.openects.codec.RejectReason;
import org.openects.codec.openects.ReplayWindow;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;
import org.openects.domain.TrustLevel;
import org.openects.server.audit.AuditLog;
import org.openects.server.audit.IngestBatch;
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
 * The ingest pipeline, for every transport and protocol. Messages are spread over partitions by their partition key
 * (device or connection); each partition thread takes whatever has arrived (up to a batch), decodes each message with
 * its protocol's codec, screens what it carries (registered device? replayed counter? history already received?),
 * archives every message raw with its digest, protocol, kind and outcome in one transaction with the devices'
 * activity, and only then answers the senders (MQTT acknowledgement, the protocol's reply on TCP, the HTTP response)
 * and hands the accepted reports to monitoring. A message is therefore either archived or still the sender's: never
 * lost. A failing database stalls the partition (retrying); it does not drop messages.
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
    private final AuditLog audit;
    private final Partition[] partitions;
    private final Map<DeviceId, ReplayWindow> windows = new ConcurrentHashMap<>();
    private final Map<DeviceId, RecentReadings> recent = new ConcurrentHashMap<>();
    private final Counter accepted;
    private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
    private volatile boolean running;

    IngestPipeline(
            DeviceDirectory devices,
            ReportIntake monitoring,
            JdbcTemplate jdbc,
            TransactionTemplate transactions,
            MqttProperties properties,
            MeterRegistry meters,
            AuditLog audit) {
        this.audit = audit;
        this.devices = devices;
        this.monitoring = monitoring;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.properties = properties;
        this.partitions = new Partition[Math.max(1, properties.partitions())];
        for (int i = 0; i < partitions.length; i++) {
            partitions[i] = new Partition(i);
        }
        this.accepted = Counter.builder("ects.ingress.messages")
                .description("Messages received, by outcome and rejection reason")
                .tag("outcome", "accepted")
                .tag("reason", "none")
                .register(meters);
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(
                    reason,
                    Counter.builder("ects.ingress.messages")
                            .description("Messages received, by outcome and rejection reason")
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
        // Starts after monitoring (which it feeds), before the transports; stops in the reverse order.
        return Integer.MAX_VALUE - 500;
    }

    /** What one message came to, as archived. */
    private record Archived(
            long id,
            InboundMessage message,
            byte[] digest,
            @Nullable String claimedDevice,
            String kind,
            IngressOutcome outcome,
            @Nullable RejectReason reason,
            @Nullable String detail,
            byte @Nullable [] reply) {}

    private final class Partition {
        final int index;
        final BlockingQueue<InboundMessage> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
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
                            "Ingest partition {} failed on a batch of {}; its messages stay unanswered",
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
                archived.add(screen(message, reports, activity));
            }
            if (!store(archived, activity)) {
                for (Archived a : archived) {
                    a.message().callback().notStored();
                }
                return;
            }
            for (Archived a : archived) {
                a.message().callback().stored(a.outcome(), a.reason(), a.detail(), a.reply());
                if (a.outcome() == IngressOutcome.ACCEPTED) {
                    accepted.increment();
                } else if (a.reason() != null) {
                    rejected.get(a.reason()).increment();
                    log.debug(
                            "Refused {} message from {}: {} {}",
                            a.message().transport(),
                            a.message().source(),
                            a.reason(),
                            a.detail());
                }
            }
            if (!reports.isEmpty()) {
                monitoring.submit(reports);
            }
        }

        /** Decodes one message and decides its outcome; accepted reports go to {@code reports}. */
        private Archived screen(InboundMessage message, List<Report> reports, Map<DeviceId, DeviceActivity> activity) {
            long id = TimeOrderedIds.next();
            byte[] digest = sha256.digest(message.payload());
            FrameCodec.Decoded decoded;
            try {
                decoded = message.codec()
                        .decode(message.payload(), message.context().receivedAt(message.receivedAt()));
            } catch (RuntimeException e) {
                // Codecs must not throw; if one does, the bytes are still kept, with the reason.
                log.warn("Codec {} threw on a frame from {}", message.codec().name(), message.source(), e);
                decoded = FrameCodec.Decoded.rejected(null, RejectReason.MALFORMED, "decoder failed: " + e);
            }
            int acceptedHere = 0;
            int refusedHere = 0;
            RejectReason firstReason = null;
            String firstDetail = null;
            DeviceId claimed = null;
            String kind = "error";
            for (DeviceMessage m : decoded.messages()) {
                if (claimed == null) {
                    claimed = m.deviceId();
                }
                kind = kindOf(m);
                RejectReason reason = null;
                String detail = null;
                switch (m) {
                    case DeviceMessage.Reports r -> {
                        for (Report report : r.reports()) {
                            RejectReason refused = admit(report);
                            if (refused == null) {
                                acceptedHere++;
                                Report stored = report.withRawMessageId(id);
                                reports.add(stored);
                                noteActivity(
                                        activity,
                                        stored.deviceId(),
                                        stored.counter(),
                                        message,
                                        stored.batteryPercent());
                            } else {
                                refusedHere++;
                                if (reason == null) {
                                    reason = refused;
                                    detail = refused == RejectReason.UNKNOWN_DEVICE
                                            ? "device " + report.deviceId() + " is not registered"
                                            : refused == RejectReason.REVOKED_DEVICE
                                                    ? "device " + report.deviceId() + " is revoked"
                                                    : "reading at " + report.deviceTime()
                                                            + " already received (counter " + report.counter() + ")";
                                }
                            }
                        }
                    }
                    case DeviceMessage.Rejected r -> {
                        refusedHere++;
                        reason = r.reason();
                        detail = r.detail();
                    }
                    default -> {
                        DeviceId device = m.deviceId();
                        RejectReason refused = device == null ? null : registration(device);
                        if (refused == null) {
                            acceptedHere++;
                            if (device != null) {
                                Integer battery = m instanceof DeviceMessage.Health h ? h.batteryPercent() : null;
                                noteActivity(activity, device, -1, message, battery);
                            }
                        } else {
                            refusedHere++;
                            reason = refused;
                            detail = "device " + device
                                    + (refused == RejectReason.REVOKED_DEVICE ? " is revoked" : " is not registered");
                        }
                    }
                }
                if (reason != null && firstReason == null) {
                    firstReason = reason;
                    firstDetail = detail;
                }
            }
            IngressOutcome outcome;
            String summary = firstDetail;
            if (acceptedHere > 0) {
                outcome = IngressOutcome.ACCEPTED;
                if (refusedHere > 0) {
                    summary = acceptedHere + " accepted, " + refusedHere + " refused (first: " + firstReason + " "
                            + firstDetail + ")";
                }
            } else if (firstReason == RejectReason.DUPLICATE || firstReason == RejectReason.REPLAYED_COUNTER) {
                outcome = firstReason == RejectReason.DUPLICATE ? IngressOutcome.DUPLICATE : IngressOutcome.REJECTED;
            } else {
                outcome = IngressOutcome.REJECTED;
            }
            return new Archived(
                    id,
                    message,
                    digest,
                    claimed == null ? null : claimed.value(),
                    kind,
                    outcome,
                    outcome == IngressOutcome.ACCEPTED && refusedHere == 0 ? null : firstReason,
                    truncate(summary, DETAIL_LIMIT),
                    decoded.reply());
        }

        /** Null when the report may go on; otherwise why not. */
        private @Nullable RejectReason admit(Report report) {
            RejectReason refused = registration(report.deviceId());
            if (refused != null) {
                return refused;
            }
            if (report.trust() == TrustLevel.SIGNED && report.counter() >= 0) {
                ReplayWindow window =
                        windows.computeIfAbsent(report.deviceId(), d -> new ReplayWindow(devices.persistedCounter(d)));
                synchronized (window) {
                    return window.accept(report.counter()) ? null : RejectReason.REPLAYED_COUNTER;
                }
            }
            RecentReadings readings = recent.computeIfAbsent(report.deviceId(), d -> new RecentReadings());
            synchronized (readings) {
                return readings.firstTime(report) ? null : RejectReason.DUPLICATE;
            }
        }

        private @Nullable RejectReason registration(DeviceId device) {
            return switch (devices.statusOf(device)) {
                case ACTIVE -> null;
                case REVOKED -> RejectReason.REVOKED_DEVICE;
                case UNKNOWN -> RejectReason.UNKNOWN_DEVICE;
            };
        }

        private void noteActivity(
                Map<DeviceId, DeviceActivity> activity,
                DeviceId device,
                long counter,
                InboundMessage message,
                @Nullable Integer battery) {
            activity.merge(
                    device,
                    new DeviceActivity(device, Math.max(counter, 0), message.receivedAt(), battery),
                    (old, now) -> new DeviceActivity(
                            device,
                            Math.max(old.highestCounter(), now.highestCounter()),
                            now.seenAt(),
                            now.batteryPercent() != null ? now.batteryPercent() : old.batteryPercent()));
        }

        /**
         * Archives the batch, retrying while the platform runs; false when it is shutting down without having
         * stored them (the senders then get no acknowledgement and send again).
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
                    a.detail(),
                    a.message().codec().name(),
                    a.kind()
                });
            }
            long backoff = 100;
            while (true) {
                try {
                    transactions.executeWithoutResult(status -> {
                        jdbc.batchUpdate("""
                                INSERT INTO raw_messages (id, received_at, transport, source, claimed_device_id, digest,
                                    payload, outcome, reason, detail, protocol, kind)
                                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
                        devices.recordActivity(activity.values());
                        // The batch's audit entry goes to the audit outbox in this same transaction.
                        audit.recordFrames(new IngestBatch(
                                Instant.now(),
                                archived.stream().map(Archived::id).toList(),
                                archived.stream().map(Archived::digest).toList()));
                    });
                    return true;
                } catch (RuntimeException e) {
                    if (!running) {
                        log.warn(
                                "Shutting down: {} messages left unacknowledged for their senders to send again",
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

    private static String kindOf(DeviceMessage message) {
        return switch (message) {
            case DeviceMessage.Reports r -> "report";
            case DeviceMessage.Login l -> "login";
            case DeviceMessage.Heartbeat h -> "heartbeat";
            case DeviceMessage.Health h -> "health";
            case DeviceMessage.CommandAck a -> "command-ack";
            case DeviceMessage.Rejected r -> "error";
        };
    }

    private static @Nullable String truncate(@Nullable String s, int limit) {
        return s == null || s.length() <= limit ? s : s.substring(0, limit);
    }
}
