package org.openects.server.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openects.evidence.Hash;
import org.openects.evidence.MerkleHashes;
import org.openects.evidence.Verdict;
import org.openects.evidence.merkle.Proofs;
import org.openects.server.audit.AuditEvent;
import org.openects.server.audit.FrameArchive;
import org.openects.server.audit.FrameProof;
import org.openects.server.audit.IngestBatch;
import org.openects.server.audit.cli.FsckMain;
import org.openects.server.shared.TimeOrderedIds;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit outbox: a crash between a commit and the writer's append loses nothing, nothing is appended twice, and a
 * rolled-back transaction leaves no entry. Each scenario runs writers ({@link SequencedAuditLog}) on one database the
 * way successive processes would; a writer that is never started plays a process that died right after its commits.
 * Subclasses give the database (H2 for the unit test, PostgreSQL for the integration test).
 */
abstract class OutboxScenarios {

    @TempDir
    Path dataDir;

    DataSource dataSource;
    JdbcTemplate jdbc;
    JdbcTransactionManager transactionManager;
    TransactionTemplate transactions;
    final List<SequencedAuditLog> logs = new ArrayList<>();

    /** A fresh, empty database. */
    abstract DataSource database();

    /** Its JDBC URL, user and password, for fsck. */
    abstract String[] connection();

    /** The migration folder of the database's vendor. */
    abstract String vendor();

    @BeforeEach
    void aMigratedDatabaseWithAStateTable() {
        dataSource = database();
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor())
                .load()
                .migrate();
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("CREATE TABLE test_state (id BIGINT PRIMARY KEY, note VARCHAR(64))");
        transactionManager = new JdbcTransactionManager(dataSource);
        transactions = new TransactionTemplate(transactionManager);
    }

    @AfterEach
    void stopTheWriters() {
        logs.forEach(SequencedAuditLog::stop);
    }

    /** A writer on the database, as a process would create it at start; not started. */
    SequencedAuditLog process() {
        SequencedAuditLog log = new SequencedAuditLog(
                jdbc,
                transactionManager,
                new AuditProperties("outbox.test/audit", null, Duration.ofSeconds(10), 10_000, 1_000),
                AuditStorageProperties.NONE,
                dataDir);
        log.frameArchive(this::archivedFrames);
        logs.add(log);
        return log;
    }

    /** The frames the test archived, as the ingress module's archive answers (frame proofs read their digests). */
    private Map<Long, FrameArchive.Frame> archivedFrames(Collection<Long> ids) {
        Map<Long, FrameArchive.Frame> frames = new HashMap<>();
        for (long id : ids) {
            jdbc.query(
                    "SELECT digest, claimed_device_id, received_at FROM raw_messages WHERE id = ?",
                    (RowCallbackHandler) rs -> frames.put(
                            id,
                            new FrameArchive.Frame(
                                    id,
                                    rs.getBytes(1),
                                    rs.getString(2),
                                    rs.getTimestamp(3).toInstant())),
                    id);
        }
        return frames;
    }

    @Test
    void entriesCommittedButNotAppendedBeforeACrashAreAppendedOnceAtTheNextStartInOrder() {
        SequencedAuditLog earlier = process();
        earlier.start();
        for (int i = 0; i < 3; i++) {
            earlier.record(event("test.before", "b" + i));
        }
        earlier.checkpointNow();
        earlier.stop();
        assertThat(size()).isEqualTo(3);

        // The process that crashes: its writer never runs, so what it records is committed but not appended.
        SequencedAuditLog crashed = process();
        List<Long> frames = new ArrayList<>();
        List<byte[]> digests = new ArrayList<>();
        transactions.executeWithoutResult(status -> {
            changeState(1, "inside a transaction");
            crashed.record(event("test.inside", "a"));
        });
        crashed.record(event("test.outside", "b"));
        transactions.executeWithoutResult(status -> {
            for (int f = 0; f < 3; f++) {
                frames.add(rawMessage("frame " + f, digests));
            }
            crashed.recordFrames(new IngestBatch(Instant.now(), frames, digests));
        });
        transactions.executeWithoutResult(status -> {
            changeState(2, "rolled back");
            crashed.record(event("test.rolled-back", "r"));
            status.setRollbackOnly();
        });
        transactions.executeWithoutResult(status -> {
            crashed.record(event("test.inside", "c1"));
            crashed.record(event("test.inside", "c2"));
        });
        assertThat(outboxRows()).isEqualTo(5);
        assertThat(size()).isEqualTo(3);

        // The next start: an event recorded before the writer runs is both in the outbox and in memory.
        SequencedAuditLog restarted = process();
        restarted.record(event("test.restart", "d"));
        restarted.start();
        assertThat(restarted.awaitRecorded(Duration.ofSeconds(20))).isTrue();

        assertThat(entries())
                .containsExactly(
                        "0 test.before b0",
                        "1 test.before b1",
                        "2 test.before b2",
                        "3 test.inside a",
                        "4 test.outside b",
                        "5 frames.archived " + frames.getFirst(),
                        "6 test.inside c1",
                        "7 test.inside c2",
                        "8 test.restart d");
        assertThat(outboxRows()).isZero();
        assertThat(size()).isEqualTo(9);

        FrameProof proof = restarted.frameProof(frames.get(1)).orElseThrow();
        assertThat(proof.batchEntry().sequence()).isEqualTo(5);
        assertThat(Proofs.verifyInclusion(proof.proof(), MerkleHashes.leaf(digests.get(1)), proof.batchRoot()))
                .isInstanceOf(Verdict.Valid.class);

        restarted.record(event("test.after", "e"));
        assertThat(restarted.checkpointNow().checkpoint().size()).isEqualTo(10);
        assertThat(entries()).last().isEqualTo("9 test.after e");
        restarted.stop();
        assertThat(fsck(restarted)).startsWith("audit log OK: 10 entries, ");
    }

    @Test
    void aStateChangeAndItsEntryCommitTogetherOrNotAtAll() {
        SequencedAuditLog log = process();
        log.start();

        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
                    changeState(1, "fails after recording");
                    log.record(event("test.failed", "x"));
                    throw new IllegalStateException("the state change fails");
                }))
                .hasMessage("the state change fails");
        transactions.executeWithoutResult(status -> {
            changeState(2, "commits");
            log.record(event("test.committed", "y"));
        });
        assertThat(log.awaitRecorded(Duration.ofSeconds(20))).isTrue();

        assertThat(jdbc.queryForList("SELECT note FROM test_state", String.class))
                .containsExactly("commits");
        assertThat(entries()).containsExactly("0 test.committed y");
        assertThat(outboxRows()).isZero();
    }

    @Test
    void whenTheOutboxInsertFailsTheCallersTransactionRollsBack() {
        SequencedAuditLog log = process();
        long taken = TimeOrderedIds.next();
        new AuditOutbox(jdbc)
                .insert(List.of(AuditOutbox.Row.of(taken, SequencedAuditLog.draft(event("test.taken", "z")), null)));

        // Two entries, the second on an outbox id that is taken: the commit fails, the state change with it.
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
                    changeState(1, "never committed");
                    log.record(event("test.first", "1"));
                    log.record(event("test.clash", "2"), taken);
                }))
                .isInstanceOf(DataAccessException.class);
        log.start();

        assertThat(log.awaitRecorded(Duration.ofSeconds(20))).isTrue();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM test_state", Integer.class))
                .isZero();
        assertThat(entries()).containsExactly("0 test.taken z");
        assertThat(outboxRows()).isZero();
    }

    @Test
    void aCommittedRowWhoseInMemoryCopyNeverArrivedIsAppendedOnceTheWriterIsIdle() {
        SequencedAuditLog log = process();
        log.orphanAge(Duration.ofMillis(200));
        log.start();
        assertThat(log.awaitRecorded(Duration.ofSeconds(20))).isTrue();

        // As a transaction Spring does not synchronise would leave it: committed, and nothing in memory.
        new AuditOutbox(jdbc)
                .insert(List.of(AuditOutbox.Row.of(
                        TimeOrderedIds.next(), SequencedAuditLog.draft(event("test.orphan", "o")), null)));

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (entries().isEmpty() && System.nanoTime() < deadline) {
            sleep(100);
        }
        assertThat(entries()).containsExactly("0 test.orphan o");
        assertThat(outboxRows()).isZero();
    }

    @Test
    void entriesBeyondTheQueueLimitWaitInTheOutboxAndAreAppendedOnceBeforeAFlushCompletes() {
        SequencedAuditLog log = process();
        log.queueLimit(5, Duration.ZERO);
        log.start();

        transactions.executeWithoutResult(status -> {
            for (int i = 0; i < 60; i++) {
                log.record(event("test.many", Integer.toString(i)));
            }
        });
        assertThat(log.awaitRecorded(Duration.ofSeconds(30))).isTrue();

        List<String> entries = entries();
        assertThat(entries).hasSize(60);
        assertThat(entries.stream()
                        .map(e -> e.substring(e.lastIndexOf(' ') + 1))
                        .distinct())
                .hasSize(60);
        assertThat(outboxRows()).isZero();
    }

    @Test
    void anAuditEntryTheDatabaseRefusesIsQuarantinedAndTheLogStaysGapless() {
        SequencedAuditLog log = process();
        log.start();
        List<byte[]> digests = new ArrayList<>();
        long shared = rawMessage("frame in two batches", digests);
        long first = rawMessage("first batch only", digests);
        long second = rawMessage("second batch only", digests);

        log.record(event("test.before", "a"));
        log.recordFrames(
                new IngestBatch(Instant.now(), List.of(first, shared), List.of(digests.get(1), digests.get(0))));
        // The same raw message in a second batch: audit_frames refuses it (primary key), a row no retry can store.
        log.recordFrames(
                new IngestBatch(Instant.now(), List.of(shared, second), List.of(digests.get(0), digests.get(2))));
        log.record(event("test.after", "b"));
        // Refused before sequencing: an action longer than its column.
        log.record(AuditEvent.now(AuditEvent.system("test"), "x".repeat(65), "test", "c", Map.of()));
        assertThat(log.awaitRecorded(Duration.ofSeconds(30)))
                .as("the writer gets past the refused entry")
                .isTrue();

        assertThat(entries()).containsExactly("0 test.before a", "1 frames.archived " + first, "2 test.after b");
        assertThat(outboxRows())
                .as("the refused entry's outbox row gone with its quarantine")
                .isZero();
        List<Map<String, Object>> quarantined =
                jdbc.queryForList("SELECT writer, row_kind, sql_state, row_text FROM writer_quarantine");
        assertThat(quarantined).singleElement().satisfies(row -> {
            assertThat(row.get("writer")).isEqualTo("audit");
            assertThat(row.get("row_kind")).isEqualTo("audit-entry");
            assertThat(row.get("sql_state")).isEqualTo("23505");
            assertThat((String) row.get("row_text")).contains("frames.archived", Long.toString(shared));
        });
        log.record(event("test.later", "d"));
        assertThat(log.checkpointNow().checkpoint().size()).isEqualTo(4);
        assertThat(entries()).last().isEqualTo("3 test.later d");
        log.stop();
        assertThat(fsck(log)).startsWith("audit log OK: 4 entries, ");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static AuditEvent event(String action, String subject) {
        return AuditEvent.now(AuditEvent.system("test"), action, "test", subject, Map.of("what", action));
    }

    private void changeState(long id, String note) {
        jdbc.update("INSERT INTO test_state (id, note) VALUES (?, ?)", id, note);
    }

    private long rawMessage(String payload, List<byte[]> digests) {
        long id = TimeOrderedIds.next();
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        digests.add(digest);
        jdbc.update("""
                INSERT INTO raw_messages (id, received_at, transport, source, digest, payload, outcome)
                VALUES (?, ?, 'test', 'test', ?, ?, 'ACCEPTED')""", id, Timestamp.from(Instant.now()), digest, bytes);
        assertThat(Hash.of(digest)).isEqualTo(Hash.sha256(bytes));
        return id;
    }

    private long size() {
        return jdbc.queryForObject("SELECT size FROM audit_tree_size", Long.class);
    }

    private int outboxRows() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM audit_outbox", Integer.class);
    }

    /** Every entry as "sequence action subject", in sequence order. */
    private List<String> entries() {
        return jdbc.query(
                "SELECT sequence, action, subject_id FROM audit_entries ORDER BY sequence",
                (rs, n) -> rs.getLong(1) + " " + rs.getString(2) + " " + rs.getString(3));
    }

    private String fsck(SequencedAuditLog log) {
        String[] connection = connection();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int status = FsckMain.run(
                new String[] {
                    "--jdbc",
                    connection[0],
                    "--user",
                    connection[1],
                    "--password",
                    connection[2],
                    "--key",
                    log.verifierKey().toString()
                },
                Map.of(),
                print,
                print);
        String output = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(output).isZero();
        return output;
    }
}
