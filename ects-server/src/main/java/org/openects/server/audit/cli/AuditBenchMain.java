package org.openects.server.audit.cli;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;
import org.openects.evidence.Verdict;
import org.openects.evidence.bundle.BundleVerifier;
import org.openects.evidence.bundle.EvidenceBundle;
import org.openects.server.audit.AuditEvent;
import org.openects.server.audit.internal.AuditProperties;
import org.openects.server.audit.internal.AuditStorageProperties;
import org.openects.server.audit.internal.MovementEvidence;
import org.openects.server.audit.internal.SequencedAuditLog;
import org.openects.server.shared.TimeOrderedIds;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code ./ects bench-audit}: measures the server's own audit log on PostgreSQL (docs/benchmarks.md). Creates a
 * database of its own, migrates it, and runs the real writer ({@link SequencedAuditLog}: outbox, sequencer, tree store
 * on PostgreSQL) on it:
 *
 * <ol>
 *   <li><b>append</b>: producer threads record events in transactions (as the platform's services do: each
 *       transaction inserts its entries into the outbox just before it commits) while the single writer appends them;
 *       the rate is that of entries committed in the log (the tree size in the database, read every second), reported
 *       as the median of one-second windows;
 *   <li><b>proof</b>: inclusion proofs of random entries against the whole log, as the API reads them;
 *   <li><b>export</b>: {@code --exports} movements, each with {@code --reports} reports (raw frames with digests) and
 *       20 alerts, whose signed XML evidence bundles ({@link MovementEvidence#movementBundle}) are made one after the
 *       other on the log just filled; the median time is reported and one bundle is verified as an auditor would.
 * </ol>
 *
 * <p>Options: {@code --host 127.0.0.1 --port 5432 --user postgres --password ''} (a role that may create databases),
 * {@code --entries 1000000 --batch-size 5000 --producers 2 --per-transaction 100 --reports 10000 --exports 5},
 * {@code --keep} to leave the database; {@code --batch-size} is {@code ects.audit.batch-size}, its default the server's. Durability is the server's: nothing here changes {@code fsync} or
 * {@code synchronous_commit}, and both are printed.
 */
public final class AuditBenchMain {

    private AuditBenchMain() {}

    public static void main(String[] args) throws Exception {
        quietLogging();
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) throws Exception {
        String host = arg(args, "--host", "127.0.0.1");
        String port = arg(args, "--port", "5432");
        String user = arg(args, "--user", "postgres");
        String password = arg(args, "--password", "");
        long entries = Long.parseLong(arg(args, "--entries", "1000000"));
        int batchSize = Integer.parseInt(arg(args, "--batch-size", "5000"));
        int producers = Integer.parseInt(arg(args, "--producers", "2"));
        int perTransaction = Integer.parseInt(arg(args, "--per-transaction", "100"));
        int reports = Integer.parseInt(arg(args, "--reports", "10000"));
        int exports = Integer.parseInt(arg(args, "--exports", "5"));
        boolean keep = List.of(args).contains("--keep");
        if (List.of(args).contains("--help")) {
            out.println("usage: ects bench-audit [--host H --port P --user U --password S] [--entries N]"
                    + " [--batch-size B] [--producers P] [--per-transaction K] [--reports R] [--exports E] [--keep]");
            return 0;
        }

        String database = "ects_bench_audit_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String admin = "jdbc:postgresql://" + host + ":" + port + "/postgres";
        String url = "jdbc:postgresql://" + host + ":" + port + "/" + database + "?reWriteBatchedInserts=true";
        execute(admin, user, password, "CREATE DATABASE " + database);
        Path dataDir = Files.createTempDirectory("ects-bench-audit");
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setUsername(user);
        pool.setPassword(password);
        pool.setMaximumPoolSize(producers + 4);
        SequencedAuditLog log = null;
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db/migration/common", "classpath:db/migration/postgresql")
                    .load()
                    .migrate();
            JdbcTemplate jdbc = new JdbcTemplate(pool);
            JdbcTransactionManager transactionManager = new JdbcTransactionManager(pool);
            context(out, jdbc, database);
            log = new SequencedAuditLog(
                    jdbc,
                    transactionManager,
                    new AuditProperties("bench.openects.local/audit", null, Duration.ofSeconds(10), 10_000, batchSize),
                    AuditStorageProperties.NONE,
                    dataDir);
            log.start();
            out.printf(Locale.ROOT, "writer: batches of up to %d entries (ects.audit.batch-size)%n", batchSize);
            append(out, log, jdbc, new TransactionTemplate(transactionManager), entries, producers, perTransaction);
            proofs(out, log, jdbc);
            export(out, log, jdbc, reports, exports);
            out.printf(Locale.ROOT, "load average at the end: %s%n", loadAverage());
            return 0;
        } finally {
            if (log != null) {
                log.stop();
            }
            pool.close();
            if (keep) {
                out.println("database kept: " + database);
            } else {
                execute(admin, user, password, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
            deleteQuietly(dataDir);
        }
    }

    private static void context(PrintStream out, JdbcTemplate jdbc, String database) {
        out.printf(
                Locale.ROOT,
                "machine: %d cores, JVM %s %s, max heap %d MB; load average %s%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.vendor"),
                System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20,
                loadAverage());
        out.printf(
                Locale.ROOT,
                "database %s: %s; fsync %s, synchronous_commit %s, wal_sync_method %s%n",
                database,
                jdbc.queryForObject("SELECT version()", String.class),
                jdbc.queryForObject("SHOW fsync", String.class),
                jdbc.queryForObject("SHOW synchronous_commit", String.class),
                jdbc.queryForObject("SHOW wal_sync_method", String.class));
    }

    // ---- append

    private static void append(
            PrintStream out,
            SequencedAuditLog log,
            JdbcTemplate jdbc,
            TransactionTemplate transactions,
            long entries,
            int producers,
            int perTransaction)
            throws InterruptedException {
        out.printf(
                Locale.ROOT,
                "append: %,d entries, %d producer threads, %d entries per producer transaction%n",
                entries,
                producers,
                perTransaction);
        AtomicLong handedOut = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        double jvmCpu = jvmCpuSeconds();
        double databaseCpu = databaseCpuSeconds(jdbc);
        long start = System.nanoTime();
        long base = size(jdbc);
        for (int p = 0; p < producers; p++) {
            int producer = p;
            threads.add(Thread.ofPlatform().name("bench-producer-" + p).start(() -> {
                while (true) {
                    long from = handedOut.getAndAdd(perTransaction);
                    if (from >= entries) {
                        return;
                    }
                    long to = Math.min(entries, from + perTransaction);
                    transactions.executeWithoutResult(status -> {
                        for (long n = from; n < to; n++) {
                            log.record(event(producer, n));
                        }
                    });
                }
            }));
        }
        // The size is polled every 50 ms; a window closes after a second; the last, partial one is not counted.
        List<Double> windows = new ArrayList<>();
        long windowSize = base;
        long windowStart = start;
        long size = base;
        while (size - base < entries) {
            Thread.sleep(50);
            size = size(jdbc);
            long now = System.nanoTime();
            if (now - windowStart >= 1_000_000_000L && size - base < entries) {
                windows.add((size - windowSize) / ((now - windowStart) / 1e9));
                windowSize = size;
                windowStart = now;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        for (Thread t : threads) {
            t.join();
        }
        jvmCpu = jvmCpuSeconds() - jvmCpu;
        databaseCpu = databaseCpuSeconds(jdbc) - databaseCpu;
        // The first window includes the threads' start and the JIT's warm-up; leave it out when there are enough.
        List<Double> steady = windows.size() > 3 ? windows.subList(1, windows.size()) : windows;
        long outbox = jdbc.queryForObject("SELECT COUNT(*) FROM audit_outbox", Long.class);
        out.printf(
                Locale.ROOT,
                "append: %,d entries committed in %.1f s: %,.0f entries/s overall; one-second windows: median %,.0f,"
                        + " min %,.0f, max %,.0f (%d windows); outbox left: %d rows%n",
                size(jdbc) - base,
                seconds,
                (size(jdbc) - base) / seconds,
                median(steady),
                steady.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                steady.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                steady.size(),
                outbox);
        if (databaseCpu >= 0) {
            out.printf(
                    Locale.ROOT,
                    "append: CPU used: this JVM %.1f s, the database's server processes for this database %.1f s"
                            + " (%.1f + %.1f µs per entry)%n",
                    jvmCpu,
                    databaseCpu,
                    jvmCpu * 1e6 / entries,
                    databaseCpu * 1e6 / entries);
        }
    }

    private static double jvmCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean)
                                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime()
                / 1e9;
    }

    /**
     * CPU seconds used so far by the PostgreSQL server processes connected to this database, read from
     * {@code /proc} when the server runs on this machine and its processes are readable; -1 otherwise.
     */
    private static double databaseCpuSeconds(JdbcTemplate jdbc) {
        List<Integer> pids =
                jdbc.queryForList("SELECT pid FROM pg_stat_activity WHERE datname = current_database()", Integer.class);
        long ticks = 0;
        for (int pid : pids) {
            try {
                String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
        return ticks / 100.0; // USER_HZ, 100 on Linux
    }

    /** An event shaped like the platform's busiest kind, {@code alert.raised}. */
    private static AuditEvent event(int producer, long n) {
        return new AuditEvent(
                Instant.now(),
                AuditEvent.system("monitoring"),
                "alert.raised",
                "alert",
                Long.toString(TimeOrderedIds.next()),
                Map.of(
                        "movement",
                        Long.toString(1_000 + n % 5_000),
                        "device",
                        "ESEAL-" + (n % 5_000),
                        "type",
                        "CORRIDOR_LEFT",
                        "severity",
                        "HIGH",
                        "at",
                        Instant.now().toString(),
                        "late",
                        Boolean.toString(producer % 2 == 0)),
                List.of());
    }

    private static long size(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT size FROM audit_tree_size WHERE id = 1", Long.class);
    }

    // ---- proofs

    /** Inclusion proofs of random entries against the whole log, as the API serves them (one query each). */
    private static void proofs(PrintStream out, SequencedAuditLog log, JdbcTemplate jdbc) {
        long size = size(jdbc);
        if (size == 0) {
            return;
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        List<Double> micros = new ArrayList<>();
        for (int i = 0; i < 1_100; i++) {
            long start = System.nanoTime();
            log.tree().inclusionProof(random.nextLong(size), size);
            if (i >= 100) { // the first hundred warm up
                micros.add((System.nanoTime() - start) / 1e3);
            }
        }
        Collections.sort(micros);
        out.printf(
                Locale.ROOT,
                "proof: inclusion proofs of random entries in the log of %,d entries, read from PostgreSQL: median %.0f"
                        + " µs, 99th percentile %.0f µs (%d proofs)%n",
                size,
                median(micros),
                micros.get((int) (micros.size() * 0.99)),
                micros.size());
    }

    // ---- export

    private static void export(PrintStream out, SequencedAuditLog log, JdbcTemplate jdbc, int reports, int exports)
            throws NoSuchAlgorithmException {
        // The XML bundle needs the movement's alert ids and report frames, which the monitoring and ingress modules
        // supply in the application: here BenchTables reads them from their tables.
        BenchTables tables = new BenchTables(jdbc);
        log.frameArchive(tables);
        MovementEvidence evidence = new MovementEvidence(
                log,
                new org.springframework.beans.factory.support.StaticListableBeanFactory(Map.of("tables", tables))
                        .getBeanProvider(org.openects.server.audit.MovementActivitySource.class),
                new org.springframework.beans.factory.support.StaticListableBeanFactory(Map.of("tables", tables))
                        .getBeanProvider(org.openects.server.audit.FrameArchive.class));
        List<Double> millis = new ArrayList<>();
        byte[] bundle = new byte[0];
        for (int i = 0; i < exports; i++) {
            long movementId = movementWithReports(log, jdbc, "MRN-BENCH-" + i, reports);
            long start = System.nanoTime();
            bundle = evidence.movementBundle(movementId, "MRN-BENCH-" + i, AuditEvent.user("auditor"));
            millis.add((System.nanoTime() - start) / 1e6);
        }
        // Each export logs an entry attaching every frame digest of the movement, and the next export of the same
        // movement carries that entry too: bundles grow with every export.
        List<Double> again = new ArrayList<>();
        byte[] last = bundle;
        for (int i = 0; i < 4 && exports > 0; i++) {
            long start = System.nanoTime();
            last = evidence.movementBundle(
                    movementIdOf(jdbc, "MRN-BENCH-0"), "MRN-BENCH-0", AuditEvent.user("auditor"));
            again.add((System.nanoTime() - start) / 1e6);
        }
        Verdict<EvidenceBundle> verdict = new BundleVerifier(log.verifierKey()).verify(bundle);
        String checked = verdict instanceof Verdict.Valid<EvidenceBundle> valid
                ? "verifies: " + valid.value().entries().size() + " entries, "
                        + valid.value().frames().size() + " frames"
                : "DOES NOT VERIFY: " + verdict;
        out.printf(
                Locale.ROOT,
                "export: movements of %,d reports each, log of %,d entries: XML bundle of %,d bytes in median %.0f ms"
                        + " (min %.0f, max %.0f, %d movements); %s%n",
                reports,
                size(jdbc),
                bundle.length,
                median(millis),
                Collections.min(millis),
                Collections.max(millis),
                exports,
                checked);
        if (!again.isEmpty()) {
            out.printf(
                    Locale.ROOT,
                    "export: the first movement exported %d more times: %s ms; the last bundle %,d bytes%n",
                    again.size(),
                    again.stream()
                            .map(ms -> String.format(Locale.ROOT, "%.0f", ms))
                            .toList(),
                    last.length);
        }
    }

    private static long movementIdOf(JdbcTemplate jdbc, String reference) {
        return jdbc.queryForObject("SELECT id FROM movements WHERE reference = ?", Long.class, reference);
    }

    /** A movement with its reports, their raw frames and 20 alerts, as the hot path would have stored them. */
    private static long movementWithReports(SequencedAuditLog log, JdbcTemplate jdbc, String reference, int reports)
            throws NoSuchAlgorithmException {
        Instant now = Instant.now();
        // A device of its own per movement: a device is held by one movement at most (migration V47).
        String device = reference.replace("MRN-", "ESEAL-");
        jdbc.update("""
                INSERT INTO movements (reference, trader_organisation_id, device_id, state, origin_name,
                    destination_name, route_plan, created_at, created_by, state_since)
                VALUES (?, 1, ?, 'IN_TRANSIT', 'Mombasa', 'Malaba', '{}', ?, 'bench', ?)""", reference, device, Timestamp.from(now), Timestamp.from(now));
        long movementId = jdbc.queryForObject("SELECT id FROM movements WHERE reference = ?", Long.class, reference);
        log.record(AuditEvent.now(
                AuditEvent.user("officer"),
                "movement.started",
                "movement",
                Long.toString(movementId),
                Map.of("reference", reference, "device", device)));
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        List<Object[]> raw = new ArrayList<>(reports);
        List<Object[]> rows = new ArrayList<>(reports);
        for (int i = 0; i < reports; i++) {
            long rawId = TimeOrderedIds.next();
            byte[] payload = ("{\"deviceId\":\"" + device + "\",\"counter\":" + i + ",\"lat\":-3.9,\"lon\":39.5}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            Timestamp at = Timestamp.from(now.plusSeconds(i));
            raw.add(new Object[] {rawId, at, "mqtt", "bench", device, sha256.digest(payload), payload});
            rows.add(new Object[] {TimeOrderedIds.next(), device, movementId, i, at, at, rawId});
        }
        jdbc.batchUpdate("""
                INSERT INTO raw_messages (id, received_at, transport, source, claimed_device_id, digest, payload,
                    outcome)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'ACCEPTED')""", raw);
        jdbc.batchUpdate("""
                INSERT INTO reports (id, device_id, movement_id, counter, device_time, received_at, latitude,
                    longitude, valid_fix, seal, history, channel, trust, raw_message_id)
                VALUES (?, ?, ?, ?, ?, ?, -3.9, 39.5, TRUE, 'CLOSED', FALSE, 'CELLULAR', 'SIGNED', ?)""", rows);
        for (int a = 0; a < 20; a++) {
            long alertId = TimeOrderedIds.next();
            jdbc.update("""
                    INSERT INTO alerts (id, movement_id, event_id, device_id, type, severity, state, raised_at, late)
                    VALUES (?, ?, ?, ?, 'CORRIDOR_LEFT', 'HIGH', 'OPEN', ?, FALSE)""", alertId, movementId, TimeOrderedIds.next(), device, Timestamp.from(now));
            log.record(AuditEvent.now(
                    AuditEvent.system("monitoring"),
                    "alert.raised",
                    "alert",
                    Long.toString(alertId),
                    Map.of("movement", Long.toString(movementId))));
        }
        log.awaitRecorded(Duration.ofSeconds(60));
        return movementId;
    }

    // ---- helpers

    /** Without a logging configuration Logback logs everything at DEBUG: keep the benchmark's output readable. */
    private static void quietLogging() {
        if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void execute(String url, String user, String password, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void deleteQuietly(Path directory) {
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: left for the system to clean
        }
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
