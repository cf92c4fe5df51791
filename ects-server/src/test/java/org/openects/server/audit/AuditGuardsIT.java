package org.openects.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openects.server.audit.cli.FsckMain;
import org.openects.server.support.IntegrationTest;
import org.openects.server.support.TestServers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The PostgreSQL guards refuse changes to the log through SQL, and what they cannot stop (a superuser disabling them)
 * is found by {@code ./ects audit fsck}.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class AuditGuardsIT extends IntegrationTest {

    @Autowired
    AuditLog audit;

    @Autowired
    JdbcTemplate jdbc;

    long sequence;

    @BeforeEach
    void anEntryCoveredByACheckpoint() {
        audit.record(AuditEvent.now(
                AuditEvent.user("guard-test"), "test.recorded", "test", "guards", Map.of("what", "an entry")));
        audit.checkpointNow();
        sequence = jdbc.queryForObject(
                "SELECT MAX(sequence) FROM audit_entries WHERE subject_type = 'test' AND subject_id = 'guards'",
                Long.class);
    }

    @Test
    void updateDeleteAndTruncateOfEntriesAreRefused() {
        for (String sql : new String[] {
            "UPDATE audit_entries SET actor = 'user:mallory' WHERE sequence = " + sequence,
            "DELETE FROM audit_entries WHERE sequence = " + sequence,
            "TRUNCATE audit_entries",
            "UPDATE audit_checkpoints SET note = 'x'",
            "DELETE FROM audit_tree_nodes WHERE level = 0",
            "UPDATE audit_tree_size SET size = size - 1",
            "DELETE FROM audit_tree_size"
        }) {
            assertThatThrownBy(() -> jdbc.execute(sql))
                    .as(sql)
                    .isInstanceOf(DataAccessException.class)
                    .satisfies(e -> assertThat(((DataAccessException) e)
                                    .getMostSpecificCause()
                                    .getMessage())
                            .contains("refused"));
        }
        assertThat(jdbc.queryForObject("SELECT actor FROM audit_entries WHERE sequence = ?", String.class, sequence))
                .isEqualTo("user:guard-test");
    }

    @Test
    void fsckFindsAnEntryASuperuserEditedBehindTheTriggersBack() {
        assertThat(fsck()).as(output).isZero();
        assertThat(output).contains("audit log OK");

        byte[] original =
                jdbc.queryForObject("SELECT canonical FROM audit_entries WHERE sequence = ?", byte[].class, sequence);
        String forged = new String(original, StandardCharsets.UTF_8).replace("user:guard-test", "user:mallory");
        try {
            tamper(
                    "UPDATE audit_entries SET canonical = ?, actor = 'user:mallory' WHERE sequence = ?",
                    forged.getBytes(StandardCharsets.UTF_8),
                    sequence);

            assertThat(fsck()).as(output).isEqualTo(1);
            assertThat(output).contains("entry " + sequence + ":");

            tamper(
                    "UPDATE audit_entries SET canonical = ?, actor = 'user:guard-test' WHERE sequence = ?",
                    original,
                    sequence);
            tamper("UPDATE audit_entries SET actor = 'user:mallory' WHERE sequence = ?", sequence);

            assertThat(fsck()).as(output).isEqualTo(1);
            assertThat(output).contains("entry " + sequence + ": column actor says 'user:mallory'");
        } finally {
            tamper(
                    "UPDATE audit_entries SET canonical = ?, actor = 'user:guard-test' WHERE sequence = ?",
                    original,
                    sequence);
        }
        assertThat(fsck()).as(output).isZero();
    }

    private String output = "";

    /** What only a superuser (or the tables' owner) can do: disable the guards, change a row, enable them again. */
    private void tamper(String sql, Object... args) {
        jdbc.execute("ALTER TABLE audit_entries DISABLE TRIGGER ALL");
        try {
            jdbc.update(sql, args);
        } finally {
            jdbc.execute("ALTER TABLE audit_entries ENABLE ALWAYS TRIGGER audit_entries_append_only");
            jdbc.execute("ALTER TABLE audit_entries ENABLE ALWAYS TRIGGER audit_entries_no_truncate");
        }
    }

    private int fsck() {
        audit.awaitRecorded(Duration.ofSeconds(10));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int status = FsckMain.run(
                new String[] {
                    "audit",
                    "fsck",
                    "--jdbc",
                    TestServers.postgresUrl(),
                    "--user",
                    TestServers.PG_USER,
                    "--key",
                    audit.verifierKey().toString()
                },
                Map.of(),
                print,
                print);
        output = out.toString(StandardCharsets.UTF_8);
        return status;
    }
}
