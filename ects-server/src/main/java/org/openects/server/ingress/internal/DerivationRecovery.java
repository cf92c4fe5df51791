package org.openects.server.ingress.internal;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.openects.codec.DecodeContext;
import org.openects.codec.DeviceMessage;
import org.openects.codec.FrameCodec;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;
import org.openects.server.devices.DeviceDirectory;
import org.openects.server.devices.DeviceStatus;
import org.openects.server.monitoring.ReportIntake;
import org.openects.server.monitoring.ReportIntake.ReplayedMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * Derivation recovery at start (docs/adr/0005): after monitoring has started and before the ingest pipeline and the
 * transports do, the accepted raw messages above the derivation watermark — acknowledged to their devices, their
 * reports, events or alerts perhaps not all written when the platform stopped — are decoded again with the codec of
 * their protocol (the device on the connection taken from the row's claimed device, for codecs that identify the
 * device once per connection) and their reports replayed to monitoring, which stores what is missing. Start-up waits
 * for it.
 */
@Component
class DerivationRecovery implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DerivationRecovery.class);

    private final ReportIntake monitoring;
    private final JdbcTemplate jdbc;
    private final DeviceDirectory devices;
    private final Map<String, FrameCodec> codecs = new HashMap<>();
    private volatile boolean running;

    DerivationRecovery(ReportIntake monitoring, JdbcTemplate jdbc, DeviceDirectory devices, NativeCodecs nativeCodecs) {
        this.monitoring = monitoring;
        this.jdbc = jdbc;
        this.devices = devices;
        codecs.put(nativeCodecs.openects().name(), nativeCodecs.openects());
        nativeCodecs
                .streamProtocols()
                .values()
                .forEach(p -> codecs.putIfAbsent(p.codec().name(), p.codec()));
    }

    @Override
    public void start() {
        running = true;
        long through = monitoring.derivedThrough();
        if (through < 0) {
            log.warn("Derivation recovery: no derivation watermark, nothing replayed");
            return;
        }
        List<ReplayedMessage> messages = new ArrayList<>();
        int[] skipped = {0};
        jdbc.query(
                """
                SELECT id, received_at, claimed_device_id, payload, protocol, reason FROM raw_messages
                WHERE id > ? AND outcome = 'ACCEPTED' ORDER BY id""",
                (RowCallbackHandler) rs -> {
                    long id = rs.getLong("id");
                    Timestamp receivedAt = rs.getTimestamp("received_at");
                    String claimed = rs.getString("claimed_device_id");
                    List<Report> reports = decode(
                            id,
                            rs.getBytes("payload"),
                            rs.getString("protocol"),
                            claimed == null ? null : DeviceId.of(claimed),
                            receivedAt);
                    if (reports == null) {
                        skipped[0]++;
                    } else if (!reports.isEmpty()) {
                        messages.add(new ReplayedMessage(id, reports, rs.getString("reason") != null));
                    }
                },
                through);
        if (messages.isEmpty() && skipped[0] == 0) {
            log.info("Derivation recovery: everything accepted is derived");
            return;
        }
        int stored = monitoring.replay(messages);
        log.info(
                "Derivation recovery: {} accepted raw messages above the watermark replayed, {} reports stored now"
                        + " that were not; {} could not be decoded again",
                messages.size(),
                stored,
                skipped[0]);
    }

    /**
     * The reports of one archived message, as the ingress accepted them (registered, not revoked devices); {@code
     * null} when it cannot be decoded again.
     */
    private @Nullable List<Report> decode(
            long id, byte[] payload, String protocol, @Nullable DeviceId claimed, Timestamp receivedAt) {
        FrameCodec codec = codecs.get(protocol);
        if (codec == null) {
            log.warn("Derivation recovery: raw message {} has protocol {}, which no codec reads", id, protocol);
            return null;
        }
        DecodeContext context =
                new DecodeContext(receivedAt.toInstant(), codec.description().bearer());
        context.sessionDevice(claimed);
        FrameCodec.Decoded decoded;
        try {
            decoded = codec.decode(payload, context);
        } catch (RuntimeException e) {
            log.warn("Derivation recovery: codec {} threw on raw message {}", protocol, id, e);
            return null;
        }
        List<Report> reports = new ArrayList<>();
        boolean rejected = false;
        for (DeviceMessage message : decoded.messages()) {
            if (message instanceof DeviceMessage.Reports r) {
                for (Report report : r.reports()) {
                    if (devices.statusOf(report.deviceId()) == DeviceStatus.ACTIVE) {
                        reports.add(report.withRawMessageId(id));
                    }
                }
            } else if (message instanceof DeviceMessage.Rejected) {
                rejected = true;
            }
        }
        if (reports.isEmpty() && rejected) {
            // e.g. a part of a split JT/T 808 message, whole only with the parts archived before it
            log.warn("Derivation recovery: raw message {} ({}) does not decode on its own", id, protocol);
            return null;
        }
        return reports;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // After monitoring (Integer.MAX_VALUE - 1000) and its writer, before the ingest pipeline (- 500) and the
        // transports.
        return Integer.MAX_VALUE - 750;
    }
}
