package org.openects.evidence.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openects.evidence.MerkleHashes;
import org.openects.evidence.Reason;
import org.openects.evidence.Verdict;
import org.openects.evidence.checkpoint.Checkpoint;
import org.openects.evidence.checkpoint.Checkpoints;
import org.openects.evidence.checkpoint.NoteSigner;
import org.openects.evidence.checkpoint.SignedCheckpoint;
import org.openects.evidence.entry.AuditEntry;
import org.openects.evidence.entry.EntryDraft;
import org.openects.evidence.entry.Subject;
import org.openects.evidence.merkle.InMemoryTreeStore;
import org.openects.evidence.merkle.MerkleTree;
import org.openects.evidence.merkle.TreeStore;
import org.openects.evidence.merkle.TreeWriter;

class SequencerTest {

    private static final String ORIGIN = "ects.example.org/audit";

    static EntryDraft draft(int n) {
        return new EntryDraft(
                Instant.parse("2025-03-01T06:00:00Z").plusSeconds(n),
                "user:alice",
                "seal.armed",
                new Subject("movement", "MV-" + (n % 3)),
                Map.of("n", Integer.toString(n)),
                List.of());
    }

    @Test
    void entriesAreNumberedWithoutGapsAcrossBatches() {
        Sequencer sequencer = new Sequencer(new InMemoryTreeStore(), ORIGIN);

        List<AuditEntry> first = sequencer.append(List.of(draft(0), draft(1), draft(2)));
        AuditEntry single = sequencer.append(draft(3));
        List<AuditEntry> second = sequencer.append(List.of(draft(4), draft(5)));

        assertThat(first).extracting(AuditEntry::sequence).containsExactly(0L, 1L, 2L);
        assertThat(single.sequence()).isEqualTo(3);
        assertThat(second).extracting(AuditEntry::sequence).containsExactly(4L, 5L);
        assertThat(sequencer.size()).isEqualTo(6);
    }

    @Test
    void entriesAppendedAsCanonicalBytesAreRenumberedAndGiveTheSameTreeAsDrafts() {
        InMemoryTreeStore store = new InMemoryTreeStore();
        Sequencer sequencer = new Sequencer(store, ORIGIN);
        InMemoryTreeStore expected = new InMemoryTreeStore();
        Sequencer reference = new Sequencer(expected, ORIGIN);
        sequencer.append(draft(0));
        reference.append(draft(0));

        List<Sequencer.Appended> appended = sequencer.appendCanonical(
                List.of(draft(1).sequenced(0).canonical(), draft(2).sequenced(0).canonical()));
        List<AuditEntry> entries = reference.append(List.of(draft(1), draft(2)));

        assertThat(appended).extracting(Sequencer.Appended::sequence).containsExactly(1L, 2L);
        for (int i = 0; i < 2; i++) {
            assertThat(appended.get(i).canonical()).isEqualTo(entries.get(i).canonical());
            assertThat(appended.get(i).leafHash()).isEqualTo(entries.get(i).leafHash());
        }
        assertThat(sequencer.checkpoint()).isEqualTo(reference.checkpoint());
    }

    @Test
    void theCheckpointRootIsTheTreeOfTheCanonicalEntries() {
        InMemoryTreeStore store = new InMemoryTreeStore();
        Sequencer sequencer = new Sequencer(store, ORIGIN);
        List<AuditEntry> entries = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            entries.add(sequencer.append(draft(i)));
        }
        InMemoryTreeStore expected = new InMemoryTreeStore();
        new TreeWriter(expected)
                .append(entries.stream()
                        .map(e -> MerkleHashes.leaf(e.canonical()))
                        .toList());

        Checkpoint checkpoint = sequencer.checkpoint();

        assertThat(checkpoint).isEqualTo(new Checkpoint(ORIGIN, 11, new MerkleTree(expected).root(11)));
    }

    @Test
    void aSignedCheckpointVerifiesUnderTheLogKey() {
        Sequencer sequencer = new Sequencer(new InMemoryTreeStore(), ORIGIN);
        sequencer.append(List.of(draft(0), draft(1)));
        NoteSigner signer = NoteSigner.generate(ORIGIN);

        SignedCheckpoint signed = sequencer.signCheckpoint(signer);

        assertThat(Checkpoints.verify(signed.text(), signer.verifierKey()).map(SignedCheckpoint::checkpoint))
                .isEqualTo(Verdict.valid(sequencer.checkpoint()));
    }

    @Test
    void aSecondWriterOnTheSameStoreFailsInsteadOfForkingTheLog() {
        TreeStore store = new InMemoryTreeStore();
        Sequencer sequencer = new Sequencer(store, ORIGIN);
        sequencer.append(draft(0));
        TreeStore stale = new TreeStore() {
            @Override
            public long size() {
                return 0;
            }

            @Override
            public List<org.openects.evidence.Hash> read(List<org.openects.evidence.merkle.NodeAddress> nodes) {
                return store.read(nodes);
            }

            @Override
            public void append(long expectedSize, long newSize, List<org.openects.evidence.merkle.Node> nodes) {
                store.append(expectedSize, newSize, nodes);
            }
        };

        assertThatThrownBy(() -> new Sequencer(stale, ORIGIN).append(draft(1)))
                .isInstanceOf(TreeStore.ConcurrentAppendException.class);
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void theAuditAcceptsAnIntactLogAndItsCheckpoints() {
        InMemoryTreeStore store = new InMemoryTreeStore();
        Fixture log = Fixture.of(store, 50, 10, 25, 50);

        Verdict<LogAudit.Summary> verdict = LogAudit.check(log.entries.iterator(), log.checkpoints, store);

        assertThat(verdict)
                .isEqualTo(Verdict.valid(
                        new LogAudit.Summary(50, 3, log.checkpoints.getLast().root())));
    }

    @Test
    void theAuditFindsAnEntryAlteredAfterACheckpointCoveredIt() {
        Fixture log = Fixture.of(new InMemoryTreeStore(), 50, 10, 25, 50);
        AuditEntry original = log.entries.get(17);
        log.entries.set(
                17,
                new AuditEntry(
                        17,
                        original.time(),
                        "user:mallory",
                        original.action(),
                        original.subject(),
                        original.details(),
                        original.attachments()));

        Verdict<LogAudit.Summary> verdict = LogAudit.check(log.entries.iterator(), log.checkpoints, null);

        assertThat(verdict).isInstanceOf(Verdict.Invalid.class);
        assertThat(((Verdict.Invalid<?>) verdict).reason()).isEqualTo(Reason.CHECKPOINT_ROOT_MISMATCH);
        assertThat(((Verdict.Invalid<?>) verdict).message()).startsWith("checkpoint of size 25 has root ");
    }

    @Test
    void theAuditFindsARemovedEntry() {
        Fixture log = Fixture.of(new InMemoryTreeStore(), 30, 30);
        log.entries.remove(12);

        assertThat(LogAudit.check(log.entries.iterator(), log.checkpoints, null))
                .isEqualTo(Verdict.invalid(Reason.SEQUENCE_GAP, "entry 13 found where entry 12 belongs"));
    }

    @Test
    void theAuditFindsACheckpointLargerThanTheLog() {
        Fixture log = Fixture.of(new InMemoryTreeStore(), 30, 30);

        Verdict<LogAudit.Summary> verdict =
                LogAudit.check(log.entries.subList(0, 20).iterator(), log.checkpoints, null);

        assertThat(((Verdict.Invalid<?>) verdict).reason()).isEqualTo(Reason.CHECKPOINT_BEYOND_LOG);
    }

    @Test
    void theAuditFindsATreeStateThatDisagreesWithTheEntries() {
        InMemoryTreeStore store = new InMemoryTreeStore();
        Fixture log = Fixture.of(store, 8, 8);
        InMemoryTreeStore other = new InMemoryTreeStore();
        Fixture.of(other, 9);

        assertThat(((Verdict.Invalid<?>) LogAudit.check(log.entries.iterator(), log.checkpoints, other)).reason())
                .isEqualTo(Reason.STORE_ROOT_MISMATCH);
    }

    private record Fixture(List<AuditEntry> entries, List<Checkpoint> checkpoints) {
        static Fixture of(TreeStore store, int size, int... checkpointSizes) {
            Sequencer sequencer = new Sequencer(store, ORIGIN);
            List<AuditEntry> entries = new ArrayList<>();
            List<Checkpoint> checkpoints = new ArrayList<>();
            int next = 0;
            for (int i = 0; i < size; i++) {
                entries.add(sequencer.append(draft(i)));
                if (next < checkpointSizes.length && checkpointSizes[next] == i + 1) {
                    checkpoints.add(sequencer.checkpoint());
                    next++;
                }
            }
            return new Fixture(entries, checkpoints);
        }
    }
}
