package org.openects.server.audit.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.openects.evidence.entry.EntryDraft;
import org.openects.evidence.log.Sequencer;
import org.openects.server.audit.internal.AuditWork.Pending;
import org.openects.server.shared.BulkRows;
import org.openects.server.shared.PoisonSplitter;
import org.openects.server.shared.Quarantine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Appends audit entries for the {@link AuditWriter}: each batch in one transaction that claims (deletes) their outbox
 * rows, sequences them and inserts the entries and their frames' positions, through the {@link PoisonSplitter}; an
 * entry the database refuses goes to {@code writer_quarantine} instead.
 */
final class AuditAppender {

    private static final Logger log = LoggerFactory.getLogger(AuditAppender.class);
    private static final String FRAME_COLUMNS = "raw_message_id, batch_sequence, frame_index";

    private final Sequencer sequencer;
    private final AuditOutbox outbox;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Quarantine quarantine;
    private final boolean copy;
    private final PoisonSplitter<Pending> splitter;

    /**
     * @param outbox the outbox on the writer's connection
     * @param jdbc the writer's connection
     * @param transactions the writer's transactions
     * @param copy whether batches go in by COPY (PostgreSQL)
     * @param running false once the log stops: retries give up
     */
    AuditAppender(
            Sequencer sequencer,
            AuditOutbox outbox,
            JdbcTemplate jdbc,
            TransactionTemplate transactions,
            Quarantine quarantine,
            boolean copy,
            BooleanSupplier running) {
        this.sequencer = sequencer;
        this.outbox = outbox;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.quarantine = quarantine;
        this.copy = copy;
        this.splitter = PoisonSplitter.standard("audit", running);
    }

    /** Some drafts of a batch were appended already (their outbox rows are gone): the batch is rolled back. */
    private static final class AlreadyAppended extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AlreadyAppended() {
            super("some audit outbox rows were appended already", null, false, false);
        }
    }

    /**
     * Appends the entries through the {@link PoisonSplitter}: each part in one transaction that also deletes their
     * outbox rows, retried while the database is unreachable and the platform runs. Drafts whose rows are gone were
     * appended already and are dropped. An entry the database refuses (which the checks before sequencing did not
     * catch) is isolated, kept in {@code writer_quarantine} (writer {@code audit}) with its outbox row deleted in the
     * same transaction, and alarmed; it never took a sequence number (its part rolled back), so the log stays gapless
     * and fsck holds. Returns how many entries it appended, or -1 if it gave up because the platform is stopping (the
     * rows stay in the outbox for the next start).
     */
    int write(List<Pending> batch) throws InterruptedException {
        int[] appended = {0};
        PoisonSplitter.Outcome<Pending> outcome =
                splitter.write(batch, part -> appended[0] += append(part), this::quarantine);
        if (outcome == null) {
            log.error(
                    "Shutting down: {} audit entries not appended now; those in the outbox will be at the next start",
                    batch.size() - appended[0]);
            return -1;
        }
        return appended[0];
    }

    /** Appends the entries in one transaction; those already appended (their outbox rows gone) are left out. */
    private int append(List<Pending> batch) {
        boolean check = false;
        while (true) {
            List<Pending> attempt = check ? notYetAppended(batch) : batch;
            if (attempt.isEmpty()) {
                return 0;
            }
            List<byte[]> drafts = new ArrayList<>(attempt.size());
            List<Long> claims = new ArrayList<>(attempt.size());
            for (Pending p : attempt) {
                drafts.add(p.row().canonical());
                if (p.inOutbox()) {
                    claims.add(p.row().id());
                }
            }
            try {
                transactions.executeWithoutResult(status -> {
                    if (!claims.isEmpty() && outbox.delete(claims) != claims.size()) {
                        throw new AlreadyAppended();
                    }
                    insert(attempt, sequencer.appendCanonical(drafts));
                });
                return attempt.size();
            } catch (AlreadyAppended e) {
                check = true;
            }
        }
    }

    /** Keeps an entry the database refused, out of the outbox and into the quarantine, in one transaction. */
    private void quarantine(Pending pending, RuntimeException failure) {
        // With an audit writer of its own (ects.audit.datasource), the quarantine row is written on the application's
        // connection and commits just before the outbox row's deletion; if that deletion then fails, the entry is
        // appended or quarantined again from the outbox.
        transactions.executeWithoutResult(status -> {
            if (pending.inOutbox()) {
                outbox.delete(List.of(pending.row().id()));
            }
            long[] frames = pending.row().frames();
            String text = new String(pending.row().canonical(), StandardCharsets.UTF_8)
                    + (frames == null ? "" : "\nframes: " + Arrays.toString(frames));
            quarantine.keep("audit", "audit-entry", text, failure);
        });
        log.error(
                "AUDIT ENTRY NOT IN THE LOG: {} {} was refused by the database and is kept in writer_quarantine;"
                        + " fix and replay it (docs/operations.md)",
                pending.row().draft().action(),
                pending.row().draft().subject().id());
    }

    /** The drafts of the batch whose outbox rows still exist (or that never had one). */
    private List<Pending> notYetAppended(List<Pending> batch) {
        List<Long> ids = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            if (p.inOutbox()) {
                ids.add(p.row().id());
            }
        }
        Set<Long> existing = outbox.existing(ids);
        List<Pending> left = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            if (!p.inOutbox() || existing.contains(p.row().id())) {
                left.add(p);
            }
        }
        return left;
    }

    /**
     * Inserts the entries (their columns from the drafts, their bytes as sequenced) and their frames' positions: COPY on
     * PostgreSQL, batched INSERTs elsewhere.
     */
    private void insert(List<Pending> pending, List<Sequencer.Appended> entries) {
        int frameCount = 0;
        for (Pending p : pending) {
            long[] frames = p.row().frames();
            frameCount += frames == null ? 0 : frames.length;
        }
        BulkRows rows = new BulkRows(copy, "audit_entries", StoredEntries.COLUMNS.split(", "));
        BulkRows frames = new BulkRows(copy, "audit_frames", FRAME_COLUMNS.split(", "));
        for (int i = 0; i < entries.size(); i++) {
            Sequencer.Appended entry = entries.get(i);
            EntryDraft draft = pending.get(i).row().draft();
            rows.row()
                    .bigint(entry.sequence())
                    .timestamptz(draft.time())
                    .text(draft.actor())
                    .text(draft.action())
                    .text(draft.subject().type())
                    .text(draft.subject().id())
                    .bytea(entry.canonical())
                    .bytea(entry.leafHash().bytes());
            long[] batch = pending.get(i).row().frames();
            if (batch != null) {
                for (int f = 0; f < batch.length; f++) {
                    frames.row().bigint(batch[f]).bigint(entry.sequence()).int4(f);
                }
            }
        }
        rows.insert(jdbc);
        frames.insert(jdbc);
    }
}
