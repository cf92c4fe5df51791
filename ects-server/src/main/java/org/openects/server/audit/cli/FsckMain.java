package org.openects.server.audit.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;
import org.openects.evidence.Reason;
import org.openects.evidence.Verdict;
import org.openects.evidence.checkpoint.Checkpoint;
import org.openects.evidence.checkpoint.Checkpoints;
import org.openects.evidence.checkpoint.SignedCheckpoint;
import org.openects.evidence.checkpoint.SignedNote;
import org.openects.evidence.checkpoint.VerifierKey;
import org.openects.evidence.entry.AuditEntry;
import org.openects.evidence.log.LogAudit;
import org.openects.server.audit.internal.AuditEntryQueries;
import org.openects.server.audit.internal.JdbcTreeStore;
import org.openects.server.audit.internal.SigningKey;
import org.openects.server.audit.internal.StoredEntries;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * {@code ./ects audit fsck}: audits the stored log of a platform database. Reads every entry in sequence order and
 * checks that its stored bytes are canonical, its columns and leaf hash agree with them and it is the stored tree's
 * leaf; verifies every stored checkpoint's signature (with the log's verifier key) and recomputes the tree to compare
 * its root at every checkpoint and with the stored tree ({@link LogAudit}). Exits 0 when everything holds, 1 with the
 * first problem found, 2 on a usage or connection error.
 *
 * <p>Connection: {@code --jdbc URL --user NAME --password SECRET}, or {@code SPRING_DATASOURCE_URL}, {@code _USERNAME},
 * {@code _PASSWORD}. Key: {@code --key 'name+keyid+base64'} or {@code --key-file FILE} (a verifier key, or the signer
 * key file); by default the signing key in {@code ECTS_AUDIT_SIGNING_KEY} or {@code $ECTS_DATA_DIR/keys/audit-signing.key}.
 */
public final class FsckMain {

    private static final int PAGE = 1_000;

    private FsckMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** A problem found in the stored log. */
    private static final class Inconsistent extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Inconsistent(String message) {
            super(message, null, false, false);
        }
    }

    /** Runs the audit; returns the exit status. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        String url = env.get("SPRING_DATASOURCE_URL");
        String user = env.getOrDefault("SPRING_DATASOURCE_USERNAME", "");
        String password = env.getOrDefault("SPRING_DATASOURCE_PASSWORD", "");
        String keyText = null;
        Path keyFile = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "audit", "fsck" -> {}
                    case "--jdbc" -> url = value(args, ++i);
                    case "--user" -> user = value(args, ++i);
                    case "--password" -> password = value(args, ++i);
                    case "--key" -> keyText = value(args, ++i);
                    case "--key-file" -> keyFile = Path.of(value(args, ++i));
                    case "--help", "-h" -> {
                        usage(out);
                        return 0;
                    }
                    default -> {
                        err.println("fsck: unexpected argument '" + arg + "'");
                        usage(err);
                        return 2;
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("fsck: " + e.getMessage());
            return 2;
        }
        if (url == null || url.isBlank()) {
            err.println("fsck: no database: give --jdbc URL or set SPRING_DATASOURCE_URL");
            return 2;
        }
        VerifierKey key;
        try {
            key = key(keyText, keyFile, env);
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            err.println("fsck: cannot read the key: " + e.getMessage());
            return 2;
        }
        if (key == null) {
            err.println("fsck: warning: no verifier key (--key), checkpoint signatures are not checked");
        }
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(url, user, password));
        try {
            String summary = check(jdbc, key);
            out.println(summary);
            return 0;
        } catch (Inconsistent e) {
            err.println("fsck: FAILED: " + e.getMessage());
            return 1;
        } catch (DataAccessException e) {
            err.println("fsck: database error: " + e.getMostSpecificCause().getMessage());
            return 2;
        }
    }

    /** Audits the log; returns a summary or throws {@link Inconsistent} with the first problem. */
    static String check(JdbcTemplate jdbc, @Nullable VerifierKey key) {
        List<Checkpoint> checkpoints = checkpoints(jdbc, key);
        JdbcTreeStore store = new JdbcTreeStore(jdbc);
        Verdict<LogAudit.Summary> verdict;
        verdict = LogAudit.check(new Entries(jdbc), checkpoints, store);
        return switch (verdict) {
            case Verdict.Valid<LogAudit.Summary> valid ->
                "audit log OK: " + valid.value().entries() + " entries, "
                        + valid.value().checkpoints()
                        + " checkpoints" + (key == null ? " (signatures not checked)" : " verified with " + key.label())
                        + ", root " + valid.value().root().base64();
            case Verdict.Invalid<LogAudit.Summary> invalid -> throw new Inconsistent(explain(invalid, checkpoints));
        };
    }

    private static String explain(Verdict.Invalid<LogAudit.Summary> invalid, List<Checkpoint> checkpoints) {
        if (invalid.reason() != Reason.CHECKPOINT_ROOT_MISMATCH) {
            return invalid.message();
        }
        long earlier = 0;
        for (Checkpoint checkpoint : checkpoints) {
            if (invalid.message().startsWith("checkpoint of size " + checkpoint.size() + " ")) {
                return invalid.message() + ": an entry from " + earlier + " to " + (checkpoint.size() - 1)
                        + " was changed after that checkpoint was signed";
            }
            earlier = checkpoint.size();
        }
        return invalid.message();
    }

    private static List<Checkpoint> checkpoints(JdbcTemplate jdbc, @Nullable VerifierKey key) {
        List<Checkpoint> checkpoints = new ArrayList<>();
        jdbc.query("SELECT id, size, root, note FROM audit_checkpoints ORDER BY size, id", rs -> {
            long size = rs.getLong("size");
            String note = rs.getString("note");
            String what = "checkpoint of size " + size + " (row " + rs.getLong("id") + ")";
            Checkpoint checkpoint;
            if (key != null) {
                Verdict<SignedCheckpoint> verdict = Checkpoints.verify(note, key);
                if (verdict instanceof Verdict.Invalid<SignedCheckpoint> invalid) {
                    throw new Inconsistent(what + ": " + invalid.message());
                }
                checkpoint = ((Verdict.Valid<SignedCheckpoint>) verdict).value().checkpoint();
            } else {
                Verdict<Checkpoint> verdict = SignedNote.parse(note).then(parsed -> Checkpoint.parse(parsed.text()));
                if (verdict instanceof Verdict.Invalid<Checkpoint> invalid) {
                    throw new Inconsistent(what + ": " + invalid.message());
                }
                checkpoint = ((Verdict.Valid<Checkpoint>) verdict).value();
            }
            if (checkpoint.size() != size || !Arrays.equals(checkpoint.root().bytes(), rs.getBytes("root"))) {
                throw new Inconsistent(what + ": its size or root columns differ from its signed note");
            }
            checkpoints.add(checkpoint);
        });
        return checkpoints;
    }

    /** Every entry in sequence order, page by page, each checked against its row and the stored tree's leaf. */
    private static final class Entries implements Iterator<AuditEntry> {
        private final JdbcTemplate jdbc;
        private final AuditEntryQueries queries;
        private List<AuditEntry> page = List.of();
        private int next;
        private long from;
        private boolean done;

        Entries(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
            this.queries = new AuditEntryQueries(jdbc);
        }

        @Override
        public boolean hasNext() {
            if (next < page.size()) {
                return true;
            }
            if (done) {
                return false;
            }
            List<StoredEntries.Row> rows = queries.page(from, PAGE);
            if (rows.isEmpty()) {
                done = true;
                return false;
            }
            long first = rows.getFirst().sequence();
            long last = rows.getLast().sequence();
            Map<Long, byte[]> leaves = new HashMap<>();
            jdbc.query(
                    "SELECT idx, hash FROM audit_tree_nodes WHERE level = 0 AND idx BETWEEN ? AND ?",
                    rs -> {
                        leaves.put(rs.getLong(1), rs.getBytes(2));
                    },
                    first,
                    last);
            List<AuditEntry> entries = new ArrayList<>(rows.size());
            for (StoredEntries.Row row : rows) {
                String problem = row.problem();
                if (problem != null) {
                    throw new Inconsistent(problem);
                }
                byte[] leaf = leaves.get(row.sequence());
                if (leaf == null) {
                    throw new Inconsistent(
                            "entry " + row.sequence() + ": the stored tree has no leaf " + row.sequence());
                }
                if (!Arrays.equals(leaf, row.leafHash())) {
                    throw new Inconsistent("entry " + row.sequence() + ": differs from leaf " + row.sequence()
                            + " of the stored tree");
                }
                entries.add(row.entry());
            }
            page = entries;
            next = 0;
            from = last + 1;
            return true;
        }

        @Override
        public AuditEntry next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return page.get(next++);
        }
    }

    private static @Nullable VerifierKey key(@Nullable String keyText, @Nullable Path keyFile, Map<String, String> env)
            throws IOException {
        if (keyText != null) {
            return VerifierKey.parse(keyText);
        }
        if (keyFile != null) {
            return parseKey(Files.readString(keyFile));
        }
        String signing = env.get("ECTS_AUDIT_SIGNING_KEY");
        if (signing != null && !signing.isBlank()) {
            return parseKey(signing);
        }
        Path file = Path.of(env.getOrDefault("ECTS_DATA_DIR", "./data"), "keys", "audit-signing.key");
        return Files.exists(file) ? SigningKey.read(file).verifierKey() : null;
    }

    private static VerifierKey parseKey(String text) {
        return text.strip().startsWith("PRIVATE+KEY+")
                ? org.openects.evidence.checkpoint.NoteSigner.parse(text).verifierKey()
                : VerifierKey.parse(text);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException("missing value after " + args[i - 1]);
        }
        return args[i];
    }

    private static void usage(PrintStream out) {
        out.println("usage: ects audit fsck [--jdbc URL --user NAME --password SECRET] [--key KEY | --key-file FILE]");
        out.println("  Audits the stored audit log: entries, tree state and signed checkpoints.");
        out.println("  Exit status: 0 consistent, 1 a problem (printed), 2 usage or connection error.");
    }
}
