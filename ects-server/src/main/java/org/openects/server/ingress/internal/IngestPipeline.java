package org.openects.server.ingress.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.openects.codec.DeviceTimeWindow;
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
import org.openects.server.ingress.CommandAckListener;
import org.openects.server.ingress.DeviceTimeProperties;
import org.openects.server.ingress.IngressOutcome;
import org.openects.server.ingress.IngressProperties;
import org.openects.server.ingress.MqttProperties;
import org.openects.server.monitoring.ReportIntake;
import org.openects.server.shared.BulkRows;
import org.openects.server.shared.PoisonSplitter;
import org.openects.server.shared.Quarantine;
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
 * its protocol's codec, screens what it carries through the {@link AdmissionPolicies} (registered device? its
 * registered protocol? signed when the device signs? replayed counter? history already received?),
 * archives every message raw with its digest, protocol, kind and outcome in one transaction with the devices'
 * activity, and only then answers the senders (MQTT acknowledgement, the protocol's reply on TCP, the HTTP response)
 * and hands the accepted reports to monitoring. A message is therefore either archived or still the sender's: never
 * lost. When a connection ends, what its codec still held (split messages that never got whole) is archived and
 * counted the same way, one row per message with the bytes it stands for. A failing database stalls the partition
 * (retrying); it does not drop messages. A message whose row the database refuses is isolated and kept in {@code
 * writer_quarantine} instead ({@link PoisonSplitter}), so that it cannot stall the partition. Every frame is decoded
 * with the device time window of {@code ects.ingress.device-time.*}.
 */
@Component
class IngestPipeline implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IngestPipeline.class);
    private static final int DETAIL_LIMIT = 500;
    private static final byte[] NO_BYTES = new byte[0];

    private final DeviceDirectory devices;
    private final ReportIntake monitoring;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final MqttProperties properties;
    private final int archivePrefixBytes;
    private final AuditLog audit;
    private final LegacyReadingKeys legacyKeys;
    private final List<CommandAckListener> ackListeners;
    private final Partition[] partitions;
    private final boolean postgres;
    private final Map<DeviceId, ReplayWindow> windows = new ConcurrentHashMap<>();
    private final Map<DeviceId, RecentReadings> recent = new ConcurrentHashMap<>();
    private final AdmissionPolicies admission;
    private final Counter accepted;
    private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
    private final DeviceTimeWindow deviceTimes;
    private final Quarantine quarantine;
    private final PoisonSplitter<Archived> splitter;
    private volatile boolean running;

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
            DeviceTimeProperties deviceTimes,
            Quarantine quarantine,
            LegacyReadingKeys legacyKeys) {
        this.audit = audit;
        this.deviceTimes = deviceTimes.window();
        this.quarantine = quarantine;
        this.splitter = PoisonSplitter.standard("raw-archive", () -> running);
        this.legacyKeys = legacyKeys;
        this.ackListeners = List.copyOf(ackListeners);
        this.devices = devices;
        this.monitoring = monitoring;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.properties = properties;
        this.archivePrefixBytes = ingress.archivePrefixBytes();
        this.postgres = BulkRows.isPostgres(jdbc);
        this.admission = new AdmissionPolicies(devices, windows, recent, legacyKeys::restored);
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

    /**
     * Queues a message for its partition if there is room now; {@code false} when the partition is this far behind.
     * Never blocks: a transport that is refused tells its sender to wait (HTTP 503) or stops reading (TCP, MQTT) and
     * offers again.
     */
    boolean tryOffer(InboundMessage message) {
        int index = Math.floorMod(message.partitionKey().hashCode(), partitions.length);
        return partitions[index].queue.offer(message);
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
            byte[] payload,
            byte[] digest,
            long length,
            @Nullable DeviceId claimedDevice,
            String kind,
            IngressOutcome outcome,
            @Nullable RejectReason reason,
            @Nullable String detail,
            byte @Nullable [] reply,
            FrameCodec.@Nullable DeviceReply deviceReply) {}

    private final class Partition {
        final int index;
        final BlockingQueue<InboundMessage> queue = new ArrayBlockingQueue<>(properties.queueCapacity());
        /** The command acknowledgements accepted in the batch at hand, told to the listeners once it is archived. */
        final List<CommandAckListener.Ack> acks = new ArrayList<>();
        /** The answers of JT/T 808 terminals to platform messages accepted in the batch at hand, told likewise. */
        final List<CommandAckListener.TerminalAck> terminalAcks = new ArrayList<>();

        final MessageDigest sha256;
        /** How this partition hands reports to monitoring, keeping the derivation watermark below what it holds. */
        final ReportIntake.Lane lane = monitoring.lane();

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
            // The derivation watermark stays below the raw messages this batch names until their reports are handed
            // over (or there are none): a crash in between leaves them to the replay at the next start.
            lane.hold();
            try {
                processHeld(batch);
            } finally {
                lane.release();
            }
        }

        private void processHeld(List<InboundMessage> batch) throws InterruptedException {
            acks.clear();
            terminalAcks.clear();
            List<Archived> archived = new ArrayList<>(batch.size());
            List<Report> reports = new ArrayList<>(batch.size());
            Map<DeviceId, DeviceActivity> activity = new HashMap<>();
            for (InboundMessage message : batch) {
                screen(message, reports, activity, archived);
            }
            if (archived.isEmpty()) {
                return; // only connections that ended holding nothing
            }
            withReplayWindows(activity);
            List<Archived> quarantined = store(archived, activity, reports);
            if (quarantined == null) {
                for (Archived a : archived) {
                    a.message().callback().notStored();
                }
                return;
            }
            if (!quarantined.isEmpty()) {
                // Kept in writer_quarantine instead of the archive: answered as stored (the sender must not send them
                // again and again), their reports not monitored (they reference no archived message).
                java.util.Set<Long> ids = new java.util.HashSet<>();
                for (Archived a : quarantined) {
                    ids.add(a.id());
                }
                reports.removeIf(r -> ids.contains(r.rawMessageId()));
            }
            for (Archived a : archived) {
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
            if (!reports.isEmpty()) {
                lane.submit(reports);
            }
            for (CommandAckListener.Ack ack : acks) {
                for (CommandAckListener listener : ackListeners) {
                    listener.acknowledged(ack);
                }
            }
            for (CommandAckListener.TerminalAck ack : terminalAcks) {
                for (CommandAckListener listener : ackListeners) {
                    listener.answered(ack);
                }
            }
        }

        /**
         * Decodes one message and decides its outcome, to be archived with its bytes; accepted reports go to {@code
         * reports}. At a connection's end, each message the codec still held (a split message that never got whole)
         * is archived on its own, with the bytes it stands for.
         */
        private void screen(
                InboundMessage message,
                List<Report> reports,
                Map<DeviceId, DeviceActivity> activity,
                List<Archived> archived) {
            if (message.connectionEnd()) {
                for (DeviceMessage left : leftAtEnd(message)) {
                    byte[] received = left instanceof DeviceMessage.Rejected r ? r.received() : null;
                    archived.add(judge(
                            message,
                            received == null ? NO_BYTES : received,
                            null,
                            new FrameCodec.Decoded(List.of(left), null),
                            reports,
                            activity));
                }
                return;
            }
            InboundMessage.Oversized oversized = message.oversized();
            if (oversized != null) {
                // Over the transport's limit: not decoded, archived with its digest and length and first bytes.
                archived.add(judge(
                        message,
                        message.payload(),
                        oversized,
                        FrameCodec.Decoded.rejected(
                                null,
                                RejectReason.OVERSIZED,
                                "message of " + oversized.length() + " bytes, over the limit of "
                                        + properties.maxMessageBytes()),
                        reports,
                        activity));
                return;
            }
            FrameCodec.Decoded decoded;
            try {
                decoded = message.codec()
                        .decode(
                                message.payload(),
                                message.context()
                                        .receivedAt(message.receivedAt())
                                        .deviceTimes(deviceTimes));
            } catch (RuntimeException e) {
                // Codecs must not throw; if one does, the bytes are still kept, with the reason.
                log.warn("Codec {} threw on a frame from {}", message.codec().name(), message.source(), e);
                decoded = FrameCodec.Decoded.rejected(null, RejectReason.MALFORMED, "decoder failed: " + e);
            }
            archived.add(judge(message, message.payload(), null, decoded, reports, activity));
        }

        /** What the codec still held for a connection that ended; never throws. */
        private List<DeviceMessage> leftAtEnd(InboundMessage message) {
            try {
                return message.codec()
                        .finish(message.context()
                                .receivedAt(message.receivedAt())
                                .deviceTimes(deviceTimes));
            } catch (RuntimeException e) {
                // Codecs must not throw; if one does, the connection's frames are archived already.
                log.warn(
                        "Codec {} threw when the connection from {} ended; what it still held is not archived",
                        message.codec().name(),
                        message.source(),
                        e);
                return List.of();
            }
        }

        /**
         * Decides the outcome of what was decoded from {@code payload}, archived with these bytes; {@code oversized}
         * when they are only the first bytes of a longer message, whose digest and length it gives.
         */
        private Archived judge(
                InboundMessage message,
                byte[] payload,
                InboundMessage.@Nullable Oversized oversized,
                FrameCodec.Decoded decoded,
                List<Report> reports,
                Map<DeviceId, DeviceActivity> activity) {
            long id = TimeOrderedIds.next();
            byte[] digest = oversized != null ? oversized.digest() : sha256.digest(payload);
            long length = oversized != null ? oversized.length() : payload.length;
            int acceptedHere = 0;
            int refusedHere = 0;
            RejectReason firstReason = null;
            String firstDetail = null;
            DeviceId claimed = null;
            String kind = "error";
            boolean answerable = true;
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
                            AdmissionPolicy.Refusal refused = admit(
                                    message,
                                    report.deviceId(),
                                    AdmissionPolicy.Kind.READING,
                                    report.trust(),
                                    report.counter(),
                                    report);
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
                                    reason = refused.reason();
                                    detail = refused.detail();
                                }
                            }
                        }
                    }
                    case DeviceMessage.Rejected r -> {
                        refusedHere++;
                        reason = r.reason();
                        detail = r.detail();
                    }
                    // Native acknowledgements and time requests take counters from the device's uplink sequence.
                    case DeviceMessage.CommandOutcome o -> {
                        AdmissionPolicy.Refusal refused = admit(
                                message, o.deviceId(), AdmissionPolicy.Kind.COUNTED, o.trust(), o.counter(), null);
                        if (refused == null) {
                            acceptedHere++;
                            noteActivity(activity, o.deviceId(), o.counter(), message, null);
                            acks.add(new CommandAckListener.Ack(
                                    o.deviceId(),
                                    o.commandCounter(),
                                    o.status(),
                                    o.deviceTime(),
                                    message.receivedAt(),
                                    id));
                        } else {
                            refusedHere++;
                            reason = refused.reason();
                            detail = refused.detail();
                        }
                    }
                    case DeviceMessage.TimeRequest t -> {
                        AdmissionPolicy.Refusal refused = admit(
                                message, t.deviceId(), AdmissionPolicy.Kind.COUNTED, t.trust(), t.counter(), null);
                        if (refused == null) {
                            acceptedHere++;
                            noteActivity(activity, t.deviceId(), t.counter(), message, null);
                        } else {
                            refusedHere++;
                            answerable = false;
                            reason = refused.reason();
                            detail = refused.detail();
                        }
                    }
                    default -> {
                        DeviceId device = m.deviceId();
                        AdmissionPolicy.Refusal refused = device == null
                                ? null
                                : admit(message, device, AdmissionPolicy.Kind.STATUS, null, -1, null);
                        if (refused == null) {
                            acceptedHere++;
                            if (device != null) {
                                Integer battery = m instanceof DeviceMessage.Health h ? h.batteryPercent() : null;
                                noteActivity(activity, device, -1, message, battery);
                                if (m instanceof DeviceMessage.CommandAck a && a.answers() != null) {
                                    DeviceMessage.CommandAck.Answer answer = a.answers();
                                    Instant acted = answer.deviceTime();
                                    terminalAcks.add(new CommandAckListener.TerminalAck(
                                            device,
                                            answer.serial(),
                                            answer.messageId(),
                                            answer.status(),
                                            answer.result(),
                                            acted != null ? acted : message.receivedAt(),
                                            message.receivedAt(),
                                            id));
                                }
                            }
                        } else {
                            refusedHere++;
                            reason = refused.reason();
                            detail = refused.detail();
                        }
                    }
                }
                if (reason != null && firstReason == null) {
                    firstReason = reason;
                    firstDetail = detail;
                }
            }
            // A refused time request is not answered. Its answer is the device reply when the codec gives one (the
            // reply is then the transport's confirmation, which the sender gets whatever the outcome), else the reply.
            byte[] reply = decoded.reply();
            FrameCodec.DeviceReply deviceReply = decoded.deviceReply();
            if (!answerable) {
                if (deviceReply != null) {
                    deviceReply = null;
                } else {
                    reply = null;
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
                    payload,
                    digest,
                    length,
                    claimed,
                    kind,
                    outcome,
                    outcome == IngressOutcome.ACCEPTED && refusedHere == 0 ? null : firstReason,
                    truncate(summary, DETAIL_LIMIT),
                    reply,
                    deviceReply);
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
         * Null when the message (or report) passes every admission policy, in their order; otherwise the first
         * refusal. The policies that record what they admit (replay window, recent readings) come last.
         */
        private AdmissionPolicy.@Nullable Refusal admit(
                InboundMessage message,
                DeviceId device,
                AdmissionPolicy.Kind kind,
                @Nullable TrustLevel trust,
                long counter,
                @Nullable Report report) {
            return admission.admit(new AdmissionPolicy.Candidate(
                    message.codec().name(), device, devices.profileOf(device), kind, trust, counter, report));
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
         * Archives the batch through the {@link PoisonSplitter}: retried while the database is unreachable and the
         * platform runs; a message whose row the database refuses is isolated and kept in {@code writer_quarantine}
         * (writer {@code raw-archive}) while the others are archived. Returns the quarantined messages, or {@code null}
         * when it is shutting down without having stored them (the senders then get no acknowledgement and send again).
         */
        private @Nullable List<Archived> store(
                List<Archived> archived, Map<DeviceId, DeviceActivity> activity, List<Report> reports)
                throws InterruptedException {
            boolean[] activityRecorded = {false};
            PoisonSplitter.Outcome<Archived> outcome = splitter.write(
                    archived,
                    part -> {
                        BulkRows rows = rows(part);
                        transactions.executeWithoutResult(status -> {
                            rows.insert(jdbc);
                            count(part);
                            if (!activityRecorded[0]) {
                                devices.recordActivity(activity.values());
                                legacyKeys.insert(reports);
                            }
                            // The batch's audit entry goes to the audit outbox in this same transaction.
                            audit.recordFrames(new IngestBatch(
                                    Instant.now(),
                                    part.stream().map(Archived::id).toList(),
                                    part.stream().map(Archived::digest).toList()));
                        });
                        activityRecorded[0] = true;
                    },
                    (a, failure) -> quarantine.keep("raw-archive", "raw-message", describe(a), failure));
            if (outcome == null) {
                log.warn(
                        "Shutting down: {} messages left unacknowledged for their senders to send again",
                        archived.size());
                return null;
            }
            return outcome.quarantined();
        }

        /** The archive rows of these messages. */
        private BulkRows rows(List<Archived> archived) {
            BulkRows rows = new BulkRows(
                    postgres,
                    "raw_messages",
                    "id",
                    "received_at",
                    "transport",
                    "source",
                    "claimed_device_id",
                    "digest",
                    "payload",
                    "outcome",
                    "reason",
                    "detail",
                    "protocol",
                    "kind",
                    "original_length");
            for (Archived a : archived) {
                byte[] bytes = archivedBytes(a);
                rows.row()
                        .bigint(a.id())
                        .timestamptz(a.message().receivedAt())
                        .text(a.message().transport())
                        .text(truncate(a.message().source(), 256))
                        .text(
                                a.claimedDevice() == null
                                        ? null
                                        : a.claimedDevice().value())
                        .bytea(a.digest())
                        .bytea(bytes)
                        .text(a.outcome().name())
                        .text(a.reason() == null ? null : a.reason().name())
                        .text(a.detail())
                        .text(a.message().codec().name())
                        .text(a.kind())
                        .int4(
                                bytes.length < a.length()
                                        ? Integer.valueOf((int) Math.min(a.length(), Integer.MAX_VALUE))
                                        : null);
            }
            return rows;
        }

        /** A quarantined message as text: its archive columns, the payload in base64. */
        private static String describe(Archived a) {
            return "{\"id\":" + a.id() + ",\"receivedAt\":\"" + a.message().receivedAt() + "\",\"transport\":\""
                    + a.message().transport() + "\",\"protocol\":\""
                    + a.message().codec().name()
                    + "\",\"claimedDevice\":\"" + a.claimedDevice() + "\",\"outcome\":\"" + a.outcome()
                    + "\",\"reason\":\"" + a.reason() + "\",\"kind\":\"" + a.kind() + "\",\"payload\":\""
                    + java.util.Base64.getEncoder().encodeToString(a.payload()) + "\"}";
        }
    }

    /**
     * The bytes archived for a message: all of them, except for a refused message longer than the archive prefix,
     * of which only the prefix is kept (its row's digest and original length stay those of the whole message).
     */
    private byte[] archivedBytes(Archived a) {
        byte[] payload = a.payload();
        if (a.outcome() == IngressOutcome.REJECTED && payload.length > archivePrefixBytes) {
            return Arrays.copyOf(payload, archivePrefixBytes);
        }
        return payload;
    }

    /** Adds the batch to the partition's running totals by outcome and reason (ingress_counts). */
    private void count(List<Archived> archived) {
        // Counted in an array indexed by (outcome, reason): no per-message allocation on the hot path.
        int reasons = RejectReason.values().length + 1;
        long[] totals = new long[IngressOutcome.values().length * reasons];
        for (Archived a : archived) {
            RejectReason reason = a.reason();
            totals[a.outcome().ordinal() * reasons + (reason == null ? 0 : reason.ordinal() + 1)]++;
        }
        List<Object[]> rows = new ArrayList<>();
        int partition =
                Math.floorMod(archived.getFirst().message().partitionKey().hashCode(), partitions.length);
        for (int i = 0; i < totals.length; i++) {
            if (totals[i] > 0) {
                int reason = i % reasons;
                rows.add(new Object[] {
                    partition,
                    IngressOutcome.values()[i / reasons].name(),
                    reason == 0 ? "" : RejectReason.values()[reason - 1].name(),
                    totals[i]
                });
            }
        }
        jdbc.batchUpdate(postgres ? """
                        INSERT INTO ingress_counts (partition_no, outcome, reason, messages) VALUES (?, ?, ?, ?)
                        ON CONFLICT (partition_no, outcome, reason)
                        DO UPDATE SET messages = ingress_counts.messages + EXCLUDED.messages""" : """
                        MERGE INTO ingress_counts c
                        USING (SELECT CAST(? AS INTEGER) AS partition_no, CAST(? AS VARCHAR(16)) AS outcome,
                            CAST(? AS VARCHAR(32)) AS reason, CAST(? AS BIGINT) AS messages) v
                        ON c.partition_no = v.partition_no AND c.outcome = v.outcome AND c.reason = v.reason
                        WHEN MATCHED THEN UPDATE SET messages = c.messages + v.messages
                        WHEN NOT MATCHED THEN INSERT (partition_no, outcome, reason, messages)
                            VALUES (v.partition_no, v.outcome, v.reason, v.messages)""", rows);
    }

    private static String kindOf(DeviceMessage message) {
        return switch (message) {
            case DeviceMessage.Reports r -> "report";
            case DeviceMessage.Login l -> "login";
            case DeviceMessage.Heartbeat h -> "heartbeat";
            case DeviceMessage.Health h -> "health";
            case DeviceMessage.CommandAck a -> "command-ack";
            case DeviceMessage.Fragment f -> "fragment";
            case DeviceMessage.CommandOutcome o -> "command-ack";
            case DeviceMessage.TimeRequest t -> "time-request";
            case DeviceMessage.Rejected r -> "error";
        };
    }

    private static @Nullable String truncate(@Nullable String s, int limit) {
        return s == null || s.length() <= limit ? s : s.substring(0, limit);
    }
}
