package org.openects.server.ingress.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.openects.codec.DeviceTimeWindow;
import org.openects.codec.FrameCodec;
import org.openects.codec.RejectReason;
import org.openects.codec.openects.ReplayWindow;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;
import org.openects.server.audit.AuditLog;
import org.openects.server.audit.IngestBatch;
import org.openects.server.devices.DeviceActivity;
import org.openects.server.devices.DeviceDirectory;
import org.openects.server.ingress.CommandAckListener;
import org.openects.server.ingress.DeviceTimeProperties;
import org.openects.server.ingress.IngressOutcome;
import org.openects.server.ingress.IngressProperties;
import org.openects.server.ingress.MqttProperties;
import org.openects.server.ingress.UnlockReportListener;
import org.openects.server.monitoring.ReportIntake;
import org.openects.server.shared.BatchWorker;
import org.openects.server.shared.BulkRows;
import org.openects.server.shared.PoisonSplitter;
import org.openects.server.shared.Quarantine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ingest pipeline, for every transport and protocol. Messages are spread over partitions by their partition key
 * (device or connection) on a {@link BatchWorker} ({@code ingest}); each partition thread takes whatever has arrived
 * (up to a batch), has its {@link FrameJudge} decode each message with its protocol's codec and screen what it carries
 * through the {@link AdmissionPolicies} (registered device? its registered protocol? signed when the device signs?
 * replayed counter? history already received?), archives every message raw with its digest, protocol, kind and
 * outcome ({@link ArchiveRows}) in one transaction with the devices' activity, and only then answers the senders (MQTT
 * acknowledgement, the protocol's reply on TCP, the HTTP response) and hands the accepted reports to monitoring. A
 * message is therefore either archived or still the sender's: never lost. When a connection ends, what its codec
 * still held (split messages that never got whole) is archived and counted the same way, one row per message with the
 * bytes it stands for. A failing database stalls the partition (retrying); it does not drop messages. A message whose
 * row the database refuses is isolated and kept in {@code writer_quarantine} instead ({@link PoisonSplitter}), so that
 * it cannot stall the partition. A batch that fails otherwise (the skeleton logs it) leaves its messages unanswered.
 * Every frame is decoded with the device time window of {@code ects.ingress.device-time.*}.
 */
@Component
class IngestPipeline implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IngestPipeline.class);

    private final DeviceDirectory devices;
    private final ReportIntake monitoring;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final MqttProperties properties;
    private final AuditLog audit;
    private final LegacyReadingKeys legacyKeys;
    private final List<CommandAckListener> ackListeners;
    private final List<UnlockReportListener> unlockListeners;
    private final ArchiveRows archive;
    private final Map<DeviceId, ReplayWindow> windows = new ConcurrentHashMap<>();
    private final Map<DeviceId, RecentReadings> recent = new ConcurrentHashMap<>();
    private final AdmissionPolicies admission;
    private final Counter accepted;
    private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
    private final DeviceTimeWindow deviceTimes;
    private final Quarantine quarantine;
    private final PoisonSplitter<ArchivedMessage> splitter;
    private final BatchWorker<InboundMessage> worker;

    IngestPipeline(
            DeviceDirectory devices,
            ReportIntake monitoring,
            JdbcTemplate jdbc,
            TransactionTemplate transactions,
            MqttProperties properties,
            IngressProperties ingress,
            MeterRegistry meters,
            AuditLog audit,
            List<CommandAckListener> ackListeners,
            List<UnlockReportListener> unlockListeners,
            DeviceTimeProperties deviceTimes,
            Quarantine quarantine,
            LegacyReadingKeys legacyKeys) {
        this.audit = audit;
        this.deviceTimes = deviceTimes.window();
        this.quarantine = quarantine;
        this.splitter = PoisonSplitter.standard("raw-archive", this::isRunning);
        this.legacyKeys = legacyKeys;
        this.ackListeners = List.copyOf(ackListeners);
        this.unlockListeners = List.copyOf(unlockListeners);
        this.devices = devices;
        this.monitoring = monitoring;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.properties = properties;
        this.archive = new ArchiveRows(jdbc, BulkRows.isPostgres(jdbc), ingress.archivePrefixBytes());
        this.admission = new AdmissionPolicies(devices, windows, recent, legacyKeys::restored);
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
        this.worker = BatchWorker.<InboundMessage>named("ingest")
                .partitions(properties.partitions())
                .capacity(properties.queueCapacity())
                .batchSize(properties.batchSize())
                .wait(Duration.ofMillis(200))
                .stopWithin(Duration.ofSeconds(10))
                .build(meters, Partition::new);
    }

    /**
     * Queues a message for its partition if there is room now; {@code false} when the partition is this far behind.
     * Never blocks: a transport that is refused tells its sender to wait (HTTP 503) or stops reading (TCP, MQTT) and
     * offers again.
     */
    boolean tryOffer(InboundMessage message) {
        return worker.offer(message.partitionKey(), message);
    }

    @Override
    public void start() {
        worker.start();
    }

    @Override
    public void stop() {
        worker.stop();
    }

    @Override
    public boolean isRunning() {
        return worker.isRunning();
    }

    @Override
    public int getPhase() {
        // Starts after monitoring (which it feeds), before the transports; stops in the reverse order.
        return Integer.MAX_VALUE - 500;
    }

    /** One partition's handler: its judge, and its lane to monitoring. */
    private final class Partition implements BatchWorker.Handler<InboundMessage> {
        final int index;
        final FrameJudge judge;
        /** How this partition hands reports to monitoring, keeping the derivation watermark below what it holds. */
        final ReportIntake.Lane lane = monitoring.lane();

        Partition(int index) {
            this.index = index;
            this.judge = new FrameJudge(devices, admission, deviceTimes, properties.maxMessageBytes());
        }

        @Override
        public void handle(List<InboundMessage> batch) throws InterruptedException {
            // The derivation watermark stays below the raw messages this batch names until their reports are handed
            // over (or there are none): a crash in between leaves them to the replay at the next start.
            lane.hold();
            try {
                process(batch);
            } finally {
                lane.release();
            }
        }

        private void process(List<InboundMessage> messages) throws InterruptedException {
            JudgedBatch batch = new JudgedBatch(messages.size());
            for (InboundMessage message : messages) {
                judge.screen(message, batch);
            }
            if (batch.archived.isEmpty()) {
                return; // only connections that ended holding nothing
            }
            withReplayWindows(batch.activity);
            List<ArchivedMessage> quarantined = store(batch);
            if (quarantined == null) {
                for (ArchivedMessage a : batch.archived) {
                    a.message().callback().notStored();
                }
                return;
            }
            if (!quarantined.isEmpty()) {
                // Kept in writer_quarantine instead of the archive: answered as stored (the sender must not send them
                // again and again), their reports not monitored (they reference no archived message).
                Set<Long> ids = new HashSet<>();
                for (ArchivedMessage a : quarantined) {
                    ids.add(a.id());
                }
                batch.reports.removeIf(r -> ids.contains(r.rawMessageId()));
            }
            answer(batch.archived);
            if (!batch.reports.isEmpty()) {
                lane.submit(batch.reports);
            }
            tellListeners(batch);
        }

        /** Tells each sender what became of its message (with the reply its device expects), and counts it. */
        private void answer(List<ArchivedMessage> archived) {
            for (ArchivedMessage a : archived) {
                a.message().callback().stored(a.outcome(), a.reason(), a.detail(), a.reply());
                DeviceId claimed = a.claimedDevice();
                if (a.outcome() == IngressOutcome.ACCEPTED && claimed != null) {
                    a.message().callback().accepted(claimed);
                }
                FrameCodec.DeviceReply deviceReply = a.deviceReply();
                if (deviceReply != null) {
                    a.message().callback().replyToDevice(deviceReply);
                }
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
        }

        /**
         * The command acknowledgements accepted in the batch, and its reports that say something about a lock (a field check
         * each), told to the listeners once it is archived.
         */
        private void tellListeners(JudgedBatch batch) {
            for (CommandAckListener.Ack ack : batch.acks) {
                for (CommandAckListener listener : ackListeners) {
                    listener.acknowledged(ack);
                }
            }
            for (CommandAckListener.TerminalAck ack : batch.terminalAcks) {
                for (CommandAckListener listener : ackListeners) {
                    listener.answered(ack);
                }
            }
            if (!unlockListeners.isEmpty()) {
                for (Report report : batch.reports) {
                    if (UnlockReportListener.saysLock(report)) {
                        for (UnlockReportListener listener : unlockListeners) {
                            listener.lockReported(report);
                        }
                    }
                }
            }
        }

        /**
         * Adds to each device's activity its replay window as it stands after this batch, to be persisted with it, so
         * that a restart restores the window whole (history within it still accepted once).
         */
        private void withReplayWindows(Map<DeviceId, DeviceActivity> activity) {
            activity.replaceAll((device, a) -> {
                ReplayWindow window = windows.get(device);
                if (window == null) {
                    return a;
                }
                long highest;
                long[] seen;
                synchronized (window) {
                    highest = window.highest();
                    seen = window.seenBelowHighest();
                }
                return highest < 0
                        ? a
                        : new DeviceActivity(
                                device, Math.max(highest, a.highestCounter()), a.seenAt(), a.batteryPercent(), seen);
            });
        }

        /**
         * Archives the batch through the {@link PoisonSplitter}: retried while the database is unreachable and the
         * platform runs; a message whose row the database refuses is isolated and kept in {@code writer_quarantine}
         * (writer {@code raw-archive}) while the others are archived. Returns the quarantined messages, or {@code null}
         * when it is shutting down without having stored them (the senders then get no acknowledgement and send again).
         */
        private @Nullable List<ArchivedMessage> store(JudgedBatch batch) throws InterruptedException {
            boolean[] activityRecorded = {false};
            PoisonSplitter.Outcome<ArchivedMessage> outcome = splitter.write(
                    batch.archived,
                    part -> {
                        transactions.executeWithoutResult(status -> {
                            archive.insert(part, index);
                            if (!activityRecorded[0]) {
                                devices.recordActivity(batch.activity.values());
                                legacyKeys.insert(batch.reports);
                            }
                            // The batch's audit entry goes to the audit outbox in this same transaction.
                            audit.recordFrames(new IngestBatch(
                                    Instant.now(),
                                    part.stream().map(ArchivedMessage::id).toList(),
                                    part.stream().map(ArchivedMessage::digest).toList()));
                        });
                        activityRecorded[0] = true;
                    },
                    (a, failure) -> quarantine.keep("raw-archive", "raw-message", ArchiveRows.describe(a), failure));
            if (outcome == null) {
                log.warn(
                        "Shutting down: {} messages left unacknowledged for their senders to send again",
                        batch.archived.size());
                return null;
            }
            return outcome.quarantined();
        }
    }
}
