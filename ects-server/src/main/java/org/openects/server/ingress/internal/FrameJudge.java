package org.openects.server.ingress.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.openects.codec.DeviceMessage;
import org.openects.codec.DeviceTimeWindow;
import org.openects.codec.FrameCodec;
import org.openects.codec.RejectReason;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;
import org.openects.domain.TrustLevel;
import org.openects.server.devices.DeviceDirectory;
import org.openects.server.ingress.CommandAckListener;
import org.openects.server.shared.TimeOrderedIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what one inbound message comes to, for one ingest partition (not thread safe: each partition has its own).
 * The steps, each named below: {@linkplain #screen decode} it (or take what its codec still held at a connection's
 * end, or refuse it unread as oversized); give it an id and {@linkplain #fingerprint digest}; put each decoded message
 * through the {@link AdmissionPolicies} by what it is ({@linkplain #admitReports readings}, {@linkplain
 * #admitCommandOutcome native command outcomes}, {@linkplain #admitTimeRequest time requests}, {@linkplain
 * #admitStatus status messages}; a message the codec refused is refused with its reason); tally the frame's outcome
 * ({@link FrameTally}); and {@linkplain #answer answer} it (a refused time request is not answered).
 */
final class FrameJudge {

    private static final Logger log = LoggerFactory.getLogger(FrameJudge.class);
    private static final int DETAIL_LIMIT = 500;
    private static final byte[] NO_BYTES = new byte[0];

    private final DeviceDirectory devices;
    private final AdmissionPolicies admission;
    private final DeviceTimeWindow deviceTimes;
    private final int maxMessageBytes;
    private final MessageDigest sha256;

    FrameJudge(
            DeviceDirectory devices, AdmissionPolicies admission, DeviceTimeWindow deviceTimes, int maxMessageBytes) {
        this.devices = devices;
        this.admission = admission;
        this.deviceTimes = deviceTimes;
        this.maxMessageBytes = maxMessageBytes;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Decodes one message and decides its outcome, archived with its bytes in {@code batch}; accepted reports, the
     * devices' activity and command acknowledgements go there too. At a connection's end, each message the codec still
     * held (a split message that never got whole) is archived on its own, with the bytes it stands for.
     */
    void screen(InboundMessage message, JudgedBatch batch) {
        if (message.connectionEnd()) {
            for (DeviceMessage left : leftAtEnd(message)) {
                byte[] received = left instanceof DeviceMessage.Rejected r ? r.received() : null;
                batch.archived.add(judge(
                        message,
                        received == null ? NO_BYTES : received,
                        null,
                        new FrameCodec.Decoded(List.of(left), null),
                        batch));
            }
            return;
        }
        InboundMessage.Oversized oversized = message.oversized();
        if (oversized != null) {
            // Over the transport's limit: not decoded, archived with its digest and length and first bytes.
            batch.archived.add(judge(
                    message,
                    message.payload(),
                    oversized,
                    FrameCodec.Decoded.rejected(
                            null,
                            RejectReason.OVERSIZED,
                            "message of " + oversized.length() + " bytes, over the limit of " + maxMessageBytes),
                    batch));
            return;
        }
        batch.archived.add(judge(message, message.payload(), null, decode(message), batch));
    }

    /** The message decoded by its codec; a codec that throws (it must not) has the frame refused as malformed. */
    private FrameCodec.Decoded decode(InboundMessage message) {
        try {
            return message.codec()
                    .decode(
                            message.payload(),
                            message.context().receivedAt(message.receivedAt()).deviceTimes(deviceTimes));
        } catch (RuntimeException e) {
            // Codecs must not throw; if one does, the bytes are still kept, with the reason.
            log.warn("Codec {} threw on a frame from {}", message.codec().name(), message.source(), e);
            return FrameCodec.Decoded.rejected(null, RejectReason.MALFORMED, "decoder failed: " + e);
        }
    }

    /** What the codec still held for a connection that ended; never throws. */
    private List<DeviceMessage> leftAtEnd(InboundMessage message) {
        try {
            return message.codec()
                    .finish(message.context().receivedAt(message.receivedAt()).deviceTimes(deviceTimes));
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
     * Decides the outcome of what was decoded from {@code payload}, archived with these bytes; {@code oversized} when
     * they are only the first bytes of a longer message, whose digest and length it gives.
     */
    private ArchivedMessage judge(
            InboundMessage message,
            byte[] payload,
            InboundMessage.@Nullable Oversized oversized,
            FrameCodec.Decoded decoded,
            JudgedBatch batch) {
        long id = TimeOrderedIds.next();
        FrameTally tally = new FrameTally();
        DeviceId claimed = null;
        String kind = "error";
        boolean answerable = true;
        for (DeviceMessage m : decoded.messages()) {
            if (claimed == null) {
                claimed = m.deviceId();
            }
            kind = kindOf(m);
            switch (m) {
                case DeviceMessage.Reports r -> admitReports(r, message, id, tally, batch);
                case DeviceMessage.Rejected r -> tally.refuse(r.reason(), r.detail());
                case DeviceMessage.CommandOutcome o -> admitCommandOutcome(o, message, id, tally, batch);
                case DeviceMessage.TimeRequest t -> answerable &= admitTimeRequest(t, message, tally, batch);
                default -> admitStatus(m, message, id, tally, batch);
            }
        }
        Answer answer = answer(decoded, answerable);
        return new ArchivedMessage(
                id,
                message,
                payload,
                oversized != null ? oversized.digest() : fingerprint(payload),
                oversized != null ? oversized.length() : payload.length,
                claimed,
                kind,
                tally.outcome(),
                tally.reason(),
                truncate(tally.detail(), DETAIL_LIMIT),
                answer.reply(),
                answer.deviceReply());
    }

    /** The SHA-256 digest of the bytes, as archived and leafed into the audit log's batch tree. */
    private byte[] fingerprint(byte[] payload) {
        return sha256.digest(payload);
    }

    /** Each reading of a batch message on its own: an admitted one goes to monitoring, named by the raw message. */
    private void admitReports(
            DeviceMessage.Reports r, InboundMessage message, long id, FrameTally tally, JudgedBatch batch) {
        for (Report report : r.reports()) {
            AdmissionPolicy.Refusal refused = admit(
                    message, report.deviceId(), AdmissionPolicy.Kind.READING, report.trust(), report.counter(), report);
            if (refused != null) {
                tally.refuse(refused.reason(), refused.detail());
                continue;
            }
            tally.accept();
            Report stored = report.withRawMessageId(id);
            batch.reports.add(stored);
            batch.noteActivity(stored.deviceId(), stored.counter(), message.receivedAt(), stored.batteryPercent());
        }
    }

    /**
     * A native command acknowledgement, counted from the device's uplink sequence; once admitted it is told to the
     * listeners (after the batch is archived).
     */
    private void admitCommandOutcome(
            DeviceMessage.CommandOutcome o, InboundMessage message, long id, FrameTally tally, JudgedBatch batch) {
        AdmissionPolicy.Refusal refused =
                admit(message, o.deviceId(), AdmissionPolicy.Kind.COUNTED, o.trust(), o.counter(), null);
        if (refused != null) {
            tally.refuse(refused.reason(), refused.detail());
            return;
        }
        tally.accept();
        batch.noteActivity(o.deviceId(), o.counter(), message.receivedAt(), null);
        batch.acks.add(new CommandAckListener.Ack(
                o.deviceId(), o.commandCounter(), o.status(), o.deviceTime(), message.receivedAt(), id));
    }

    /** A native time request, counted from the device's uplink sequence; false when refused (it is not answered). */
    private boolean admitTimeRequest(
            DeviceMessage.TimeRequest t, InboundMessage message, FrameTally tally, JudgedBatch batch) {
        AdmissionPolicy.Refusal refused =
                admit(message, t.deviceId(), AdmissionPolicy.Kind.COUNTED, t.trust(), t.counter(), null);
        if (refused != null) {
            tally.refuse(refused.reason(), refused.detail());
            return false;
        }
        tally.accept();
        batch.noteActivity(t.deviceId(), t.counter(), message.receivedAt(), null);
        return true;
    }

    /**
     * A message that carries no reading (login, heartbeat, health, legacy command answer, split-message part): admitted
     * as a status message when it names a device, accepted as it is when it names none. A JT/T 808 terminal's answer to
     * a platform message is told to the listeners.
     */
    private void admitStatus(DeviceMessage m, InboundMessage message, long id, FrameTally tally, JudgedBatch batch) {
        DeviceId device = m.deviceId();
        AdmissionPolicy.Refusal refused =
                device == null ? null : admit(message, device, AdmissionPolicy.Kind.STATUS, null, -1, null);
        if (refused != null) {
            tally.refuse(refused.reason(), refused.detail());
            return;
        }
        tally.accept();
        if (device == null) {
            return;
        }
        Integer battery = m instanceof DeviceMessage.Health h ? h.batteryPercent() : null;
        batch.noteActivity(device, -1, message.receivedAt(), battery);
        if (m instanceof DeviceMessage.CommandAck a && a.answers() != null) {
            DeviceMessage.CommandAck.Answer answer = a.answers();
            Instant acted = answer.deviceTime();
            batch.terminalAcks.add(new CommandAckListener.TerminalAck(
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

    /**
     * Null when the message (or report) passes every admission policy, in their order; otherwise the first refusal.
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

    /** What the sender gets back: the codec's reply, or the reply the transport sends on the device's behalf. */
    record Answer(byte @Nullable [] reply, FrameCodec.@Nullable DeviceReply deviceReply) {}

    /**
     * The answer to a frame. A refused time request is not answered: its answer is the device reply when the codec
     * gives one (the reply is then the transport's confirmation, which the sender gets whatever the outcome), else the
     * reply.
     */
    static Answer answer(FrameCodec.Decoded decoded, boolean answerable) {
        byte[] reply = decoded.reply();
        FrameCodec.DeviceReply deviceReply = decoded.deviceReply();
        if (!answerable) {
            if (deviceReply != null) {
                deviceReply = null;
            } else {
                reply = null;
            }
        }
        return new Answer(reply, deviceReply);
    }

    /** The kind archived with a message. */
    static String kindOf(DeviceMessage message) {
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

    static @Nullable String truncate(@Nullable String s, int limit) {
        return s == null || s.length() <= limit ? s : s.substring(0, limit);
    }
}
