package org.openects.evidence.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openects.evidence.Hash;
import org.openects.evidence.MerkleHashes;
import org.openects.evidence.Reason;
import org.openects.evidence.Verdict;
import org.openects.evidence.merkle.ConsistencyProof;
import org.openects.evidence.merkle.InMemoryTreeStore;
import org.openects.evidence.merkle.MerkleTree;
import org.openects.evidence.merkle.TreeWriter;

class CheckpointsTest {

    // golang.org/x/mod/sumdb/note's example key and note (Ed25519 signatures are deterministic).
    private static final String GO_SIGNER =
            "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    private static final String GO_VERIFIER = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    private static final String GO_TEXT =
            "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    private static final String GO_NOTE = GO_TEXT
            + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    private static final NoteSigner SIGNER = NoteSigner.generate("ects.example.org/audit");
    private static final Checkpoint CHECKPOINT =
            new Checkpoint("ects.example.org/audit", 120, Hash.sha256("root".getBytes(StandardCharsets.UTF_8)));

    @Test
    void signingTheGoExampleWithItsKeyGivesTheGoExampleNote() {
        NoteSigner signer = NoteSigner.parse(GO_SIGNER);

        assertThat(signer.verifierKey().toString()).isEqualTo(GO_VERIFIER);
        assertThat(signer.signerKey()).isEqualTo(GO_SIGNER);
        assertThat(signer.signNote(GO_TEXT).format()).isEqualTo(GO_NOTE);
    }

    @Test
    void theGoExampleNoteVerifiesUnderItsVerifierKey() {
        VerifierKey key = VerifierKey.parse(GO_VERIFIER);

        assertThat(SignedNote.parse(GO_NOTE).then(key::verify).map(SignedNote::text))
                .isEqualTo(Verdict.valid(GO_TEXT));
    }

    @Test
    void aSignedCheckpointVerifiesAndReadsBack() {
        SignedCheckpoint signed = Checkpoints.sign(CHECKPOINT, SIGNER);

        assertThat(signed.text())
                .startsWith("ects.example.org/audit\n120\n" + CHECKPOINT.root().base64() + "\n\n\u2014 ");
        assertThat(Checkpoints.verify(signed.text(), SIGNER.verifierKey()).map(SignedCheckpoint::checkpoint))
                .isEqualTo(Verdict.valid(CHECKPOINT));
    }

    @Test
    void everyAlteredByteOfASignedCheckpointIsRefused() {
        byte[] note = Checkpoints.sign(CHECKPOINT, SIGNER).text().getBytes(StandardCharsets.UTF_8);
        Set<Reason> reasons = new HashSet<>();
        for (int i = 0; i < note.length; i++) {
            for (int bit : new int[] {0, 5}) {
                byte[] altered = note.clone();
                altered[i] ^= (byte) (1 << bit);
                Verdict<SignedCheckpoint> verdict = Checkpoints.verify(altered, SIGNER.verifierKey());
                assertThat(verdict).as("byte %d bit %d", i, bit).isInstanceOf(Verdict.Invalid.class);
                reasons.add(((Verdict.Invalid<?>) verdict).reason());
            }
        }
        assertThat(reasons)
                .contains(Reason.BAD_SIGNATURE, Reason.UNKNOWN_KEY, Reason.MALFORMED_NOTE)
                .doesNotContain(Reason.ROOT_MISMATCH);
    }

    @Test
    void aCheckpointSignedByAnotherKeyOfTheSameNameIsFromAnUnknownKey() {
        NoteSigner impostor = NoteSigner.generate(SIGNER.name());

        Verdict<SignedCheckpoint> verdict =
                Checkpoints.verify(Checkpoints.sign(CHECKPOINT, impostor).text(), SIGNER.verifierKey());

        assertThat(verdict).isInstanceOf(Verdict.Invalid.class);
        Verdict.Invalid<?> invalid = (Verdict.Invalid<?>) verdict;
        assertThat(invalid.reason()).isEqualTo(Reason.UNKNOWN_KEY);
        assertThat(invalid.message())
                .isEqualTo("checkpoint signed by unknown key "
                        + impostor.verifierKey().label() + " (trusted: "
                        + SIGNER.verifierKey().label() + ")");
    }

    @Test
    void aCheckpointSignedUnderAnotherNameIsFromAnUnknownKey() {
        NoteSigner other = NoteSigner.fromPkcs8("ects.other.org/audit", SIGNER.pkcs8());

        assertThat(reason(Checkpoints.verify(Checkpoints.sign(CHECKPOINT, other).text(), SIGNER.verifierKey())))
                .isEqualTo(Reason.UNKNOWN_KEY);
    }

    @Test
    void aSignatureWithTheRightNameAndIdButAnotherKeysBytesIsABadSignature() {
        NoteSigner impostor = NoteSigner.generate(SIGNER.name());
        NoteSignature forged = new NoteSignature(
                SIGNER.name(),
                SIGNER.verifierKey().keyId(),
                impostor.sign(CHECKPOINT.body()).signature());
        String note = new SignedNote(CHECKPOINT.body(), List.of(forged)).format();

        assertThat(reason(Checkpoints.verify(note, SIGNER.verifierKey()))).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void signaturesByOtherKeysAreIgnored() {
        SignedNote cosigned = Checkpoints.sign(CHECKPOINT, NoteSigner.generate("witness.example"))
                .note()
                .with(SIGNER.sign(CHECKPOINT.body()));

        assertThat(Checkpoints.verify(cosigned.format(), SIGNER.verifierKey()).isValid())
                .isTrue();
    }

    @Test
    void keysSurviveTheirTextAndDerForms() {
        NoteSigner fromText = NoteSigner.parse(SIGNER.signerKey());
        NoteSigner fromPkcs8 = NoteSigner.fromPkcs8(SIGNER.name(), SIGNER.pkcs8());
        VerifierKey fromX509 =
                VerifierKey.fromX509(SIGNER.name(), SIGNER.verifierKey().x509());

        assertThat(fromText.verifierKey()).isEqualTo(SIGNER.verifierKey());
        assertThat(fromPkcs8.verifierKey()).isEqualTo(SIGNER.verifierKey());
        assertThat(fromX509).isEqualTo(SIGNER.verifierKey());
        assertThat(VerifierKey.parse(SIGNER.verifierKey().toString())).isEqualTo(SIGNER.verifierKey());
        assertThat(SIGNER.verifierKey().toString())
                .matches("ects\\.example\\.org/audit\\+[0-9a-f]{8}\\+A[A-Za-z0-9+/]{43}");
    }

    @Test
    void aVerifierKeyWhoseIdDoesNotMatchIsRefused() {
        String key = SIGNER.verifierKey().toString();
        String wrongId = key.replaceFirst("\\+[0-9a-f]{8}\\+", "+00000000+");

        assertThatThrownBy(() -> VerifierKey.parse(wrongId))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not match");
    }

    @Test
    void aLaterCheckpointExtendsAnEarlierOneWithAValidConsistencyProof() {
        InMemoryTreeStore store = new InMemoryTreeStore();
        TreeWriter writer = new TreeWriter(store);
        for (int i = 0; i < 20; i++) {
            writer.append(List.of(MerkleHashes.leaf(new byte[] {(byte) i})));
        }
        MerkleTree tree = new MerkleTree(store);
        Checkpoint earlier = new Checkpoint("log", 7, tree.root(7));
        Checkpoint later = new Checkpoint("log", 20, tree.root(20));
        ConsistencyProof proof = tree.consistencyProof(7, 20);

        assertThat(Checkpoints.checkExtends(earlier, later, proof)).isEqualTo(Verdict.valid(later));
        assertThat(reason(Checkpoints.checkExtends(earlier, new Checkpoint("log", 20, tree.root(19)), proof)))
                .isEqualTo(Reason.CONSISTENCY_FAILED);
        assertThat(reason(Checkpoints.checkExtends(earlier, later, tree.consistencyProof(6, 20))))
                .isEqualTo(Reason.CONSISTENCY_FAILED);
        assertThat(reason(Checkpoints.checkExtends(new Checkpoint("other", 7, tree.root(7)), later, proof)))
                .isEqualTo(Reason.WRONG_ORIGIN);
    }

    @Test
    void aCheckpointSmallerThanOneSeenBeforeGoesBackwards() {
        Checkpoint seen = new Checkpoint("log", 120, CHECKPOINT.root());
        Checkpoint now = new Checkpoint("log", 100, CHECKPOINT.root());

        Verdict<Checkpoint> verdict = Checkpoints.checkNotBackwards(seen, now);

        assertThat(verdict)
                .isEqualTo(Verdict.invalid(
                        Reason.CHECKPOINT_GOES_BACKWARDS, "checkpoint goes backwards: size 100 < 120 seen before"));
    }

    @Test
    void aCheckpointOfTheSameSizeWithAnotherRootForksTheLog() {
        Checkpoint seen = new Checkpoint("log", 120, CHECKPOINT.root());
        Checkpoint now = new Checkpoint("log", 120, CHECKPOINT.root().withBitFlipped(0));

        assertThat(reason(Checkpoints.checkNotBackwards(seen, now))).isEqualTo(Reason.CHECKPOINT_FORKED);
        assertThat(Checkpoints.checkNotBackwards(seen, seen).isValid()).isTrue();
    }

    @Test
    void malformedCheckpointBodiesAreRefused() {
        assertThat(reason(Checkpoint.parse("log\n012\n" + CHECKPOINT.root().base64() + "\n")))
                .isEqualTo(Reason.MALFORMED_CHECKPOINT);
        assertThat(reason(Checkpoint.parse("log\n12\n" + CHECKPOINT.root().base64() + "\nextension\n")))
                .isEqualTo(Reason.MALFORMED_CHECKPOINT);
        assertThat(reason(Checkpoint.parse("log\n12\nAAAA\n"))).isEqualTo(Reason.MALFORMED_CHECKPOINT);
    }

    private static Reason reason(Verdict<?> verdict) {
        assertThat(verdict).isInstanceOf(Verdict.Invalid.class);
        return ((Verdict.Invalid<?>) verdict).reason();
    }
}
