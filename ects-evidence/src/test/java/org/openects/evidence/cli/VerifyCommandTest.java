package org.openects.evidence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openects.evidence.Hash;
import org.openects.evidence.bundle.BundleWriter;
import org.openects.evidence.bundle.EvidenceBundle;
import org.openects.evidence.checkpoint.Checkpoint;
import org.openects.evidence.checkpoint.Checkpoints;
import org.openects.evidence.checkpoint.NoteSigner;
import org.openects.evidence.checkpoint.SignedCheckpoint;
import org.openects.evidence.entry.AuditEntry;
import org.openects.evidence.entry.EntryDraft;
import org.openects.evidence.entry.Subject;
import org.openects.evidence.log.Sequencer;
import org.openects.evidence.merkle.InMemoryTreeStore;
import org.openects.evidence.merkle.MerkleTree;

class VerifyCommandTest {

    private static final NoteSigner KEY = NoteSigner.generate("ects.example.org/audit");

    @TempDir
    Path temp;

    private Path bundle;
    private SignedCheckpoint checkpoint;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void writeABundle() throws IOException {
        InMemoryTreeStore store = new InMemoryTreeStore();
        Sequencer sequencer = new Sequencer(store, KEY.name());
        List<AuditEntry> entries = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            AuditEntry entry = sequencer.append(new EntryDraft(
                    Instant.parse("2025-03-01T06:00:00Z").plusSeconds(i),
                    "user:alice",
                    "movement.inspected",
                    new Subject("movement", i % 4 == 1 ? "MV-7" : "MV-" + i),
                    Map.of(),
                    List.of()));
            if (i % 4 == 1) {
                entries.add(entry);
            }
        }
        checkpoint = sequencer.signCheckpoint(KEY);
        bundle = temp.resolve("bundle.xml");
        Files.write(
                bundle,
                new BundleWriter(KEY)
                        .write(EvidenceBundle.assemble(
                                "MV-7",
                                Instant.parse("2025-03-02T00:00:00Z"),
                                "OpenECTS test",
                                checkpoint,
                                entries,
                                List.of(),
                                new MerkleTree(store))));
    }

    private int run(String... args) {
        return VerifyCommand.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void aValidBundleExitsZeroWithASummary() {
        int status = run("verify", bundle.toString(), "--key", KEY.verifierKey().toString());

        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .startsWith("VALID: evidence bundle for movement MV-7")
                .contains("30 entries and 0 frame digests")
                .contains("checkpoint ects.example.org/audit size 120");
    }

    @Test
    void theKeyCanComeFromAFile() throws IOException {
        Path keyFile = Files.writeString(temp.resolve("log.pub"), KEY.verifierKey() + "\n");

        assertThat(run(bundle.toString(), "--key-file", keyFile.toString())).isZero();
    }

    @Test
    void anAlteredBundleExitsOneWithOneReason() throws IOException {
        String xml = Files.readString(bundle).replaceFirst("<Actor>user:alice</Actor>", "<Actor>user:bob</Actor>");
        Files.writeString(bundle, xml);

        int status = run("verify", bundle.toString(), "--key", KEY.verifierKey().toString());

        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("INVALID: XML signature invalid: reference digest mismatch" + System.lineSeparator());
    }

    @Test
    void aCheckpointSmallerThanOneSeenBeforeExitsOne() throws IOException {
        Checkpoint later = new Checkpoint(KEY.name(), 150, Hash.sha256(new byte[] {1}));
        Path previous = Files.writeString(
                temp.resolve("seen.checkpoint"), Checkpoints.sign(later, KEY).text());

        int status = run(
                "verify", bundle.toString(), "--key", KEY.verifierKey().toString(), "--previous", previous.toString());

        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("checkpoint goes backwards: size 120 < 150 seen before");
    }

    @Test
    void theSameCheckpointSeenBeforeIsFine() throws IOException {
        Path previous = Files.writeString(temp.resolve("seen.checkpoint"), checkpoint.text());

        assertThat(run(bundle.toString(), "--key", KEY.verifierKey().toString(), "--previous", previous.toString()))
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("same checkpoint as seen before (size 120)");
    }

    @Test
    void aBundleCheckedWithAnotherKeyNamesTheKeyItWasSignedWith() {
        NoteSigner other = NoteSigner.generate("ects.other.org/audit");

        assertThat(run(bundle.toString(), "--key", other.verifierKey().toString()))
                .isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("bundle signed by unknown key " + KEY.verifierKey().label());
    }

    @Test
    void missingArgumentsAreAUsageError() {
        assertThat(run("verify", bundle.toString())).isEqualTo(2);
        assertThat(run("verify", "--key", KEY.verifierKey().toString())).isEqualTo(2);
        assertThat(run(
                        temp.resolve("absent.xml").toString(),
                        "--key",
                        KEY.verifierKey().toString()))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("usage: ects verify")
                .contains("no such file");
    }
}
