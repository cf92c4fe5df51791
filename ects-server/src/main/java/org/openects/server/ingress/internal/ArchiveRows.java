package org.openects.server.ingress.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.openects.codec.RejectReason;
import org.openects.server.ingress.IngressOutcome;
import org.openects.server.shared.BulkRows;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The raw archive's rows: one {@code raw_messages} row per message (COPY on PostgreSQL, batched INSERTs elsewhere),
 * the running totals of {@code ingress_counts}, and a quarantined message as text.
 */
final class ArchiveRows {

    private static final String[] COLUMNS = {
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
        "original_length"
    };

    private final JdbcTemplate jdbc;
    private final boolean postgres;
    private final int archivePrefixBytes;

    ArchiveRows(JdbcTemplate jdbc, boolean postgres, int archivePrefixBytes) {
        this.jdbc = jdbc;
        this.postgres = postgres;
        this.archivePrefixBytes = archivePrefixBytes;
    }

    /** Inserts the messages' archive rows and adds them to partition {@code partition}'s totals. */
    void insert(List<ArchivedMessage> archived, int partition) {
        rows(archived).insert(jdbc);
        count(archived, partition);
    }

    /** The archive rows of these messages. */
    BulkRows rows(List<ArchivedMessage> archived) {
        BulkRows rows = new BulkRows(postgres, "raw_messages", COLUMNS);
        for (ArchivedMessage a : archived) {
            byte[] bytes = archivedBytes(a);
            rows.row()
                    .bigint(a.id())
                    .timestamptz(a.message().receivedAt())
                    .text(a.message().transport())
                    .text(FrameJudge.truncate(a.message().source(), 256))
                    .text(a.claimedDevice() == null ? null : a.claimedDevice().value())
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

    /**
     * The bytes archived for a message: all of them, except for a refused message longer than the archive prefix, of
     * which only the prefix is kept (its row's digest and original length stay those of the whole message).
     */
    private byte[] archivedBytes(ArchivedMessage a) {
        byte[] payload = a.payload();
        if (a.outcome() == IngressOutcome.REJECTED && payload.length > archivePrefixBytes) {
            return Arrays.copyOf(payload, archivePrefixBytes);
        }
        return payload;
    }

    /** Adds the messages to the partition's running totals by outcome and reason (ingress_counts). */
    private void count(List<ArchivedMessage> archived, int partition) {
        // Counted in an array indexed by (outcome, reason): no per-message allocation on the hot path.
        int reasons = RejectReason.values().length + 1;
        long[] totals = new long[IngressOutcome.values().length * reasons];
        for (ArchivedMessage a : archived) {
            RejectReason reason = a.reason();
            totals[a.outcome().ordinal() * reasons + (reason == null ? 0 : reason.ordinal() + 1)]++;
        }
        List<Object[]> rows = new ArrayList<>();
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

    /** A quarantined message as text: its archive columns, the payload in base64. */
    static String describe(ArchivedMessage a) {
        return "{\"id\":" + a.id() + ",\"receivedAt\":\"" + a.message().receivedAt() + "\",\"transport\":\""
                + a.message().transport() + "\",\"protocol\":\""
                + a.message().codec().name()
                + "\",\"claimedDevice\":\"" + a.claimedDevice() + "\",\"outcome\":\"" + a.outcome()
                + "\",\"reason\":\"" + a.reason() + "\",\"kind\":\"" + a.kind() + "\",\"payload\":\""
                + Base64.getEncoder().encodeToString(a.payload()) + "\"}";
    }
}
