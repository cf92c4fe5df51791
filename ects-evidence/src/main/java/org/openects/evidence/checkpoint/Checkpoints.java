package org.openects.evidence.checkpoint;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.openects.evidence.Reason;
import org.openects.evidence.Verdict;
import org.openects.evidence.merkle.ConsistencyProof;
import org.openects.evidence.merkle.Proofs;

/** Signing checkpoints, verifying them, and checking that a log only ever grows. */
public final class Checkpoints {

    private Checkpoints() {}

    /** The checkpoint signed by {@code signer}. */
    public static SignedCheckpoint sign(Checkpoint checkpoint, NoteSigner signer) {
        return new SignedCheckpoint(checkpoint, signer.signNote(checkpoint.body()));
    }

    /** The checkpoint in {@code note} once its signature by {@code key} verifies. */
    public static Verdict<SignedCheckpoint> verify(String note, VerifierKey key) {
        return SignedNote.parse(note)
                .then(parsed -> prefixed(key.verify(parsed), "checkpoint "))
                .then(verified -> Checkpoint.parse(verified.text())
                        .map(checkpoint -> new SignedCheckpoint(checkpoint, verified)));
    }

    /** The checkpoint in {@code note} (UTF-8 bytes, as read from a file) once its signature by {@code key} verifies. */
    public static Verdict<SignedCheckpoint> verify(byte[] note, VerifierKey key) {
        try {
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(note))
                    .toString();
            return verify(text, key);
        } catch (CharacterCodingException e) {
            return Verdict.invalid(Reason.MALFORMED_NOTE, "checkpoint is not valid UTF-8");
        }
    }

    /**
     * Checks that {@code later} does not contradict {@code earlier} without a proof: same log, not smaller, and not the
     * same size with another root. Enough when the sizes are equal; a larger {@code later} needs {@link #checkExtends}.
     */
    public static Verdict<Checkpoint> checkNotBackwards(Checkpoint earlier, Checkpoint later) {
        if (!earlier.origin().equals(later.origin())) {
            return Verdict.invalid(
                    Reason.WRONG_ORIGIN,
                    "checkpoint is for log " + later.origin() + ", the one seen before for " + earlier.origin());
        }
        if (later.size() < earlier.size()) {
            return Verdict.invalid(
                    Reason.CHECKPOINT_GOES_BACKWARDS,
                    "checkpoint goes backwards: size " + later.size() + " < " + earlier.size() + " seen before");
        }
        if (later.size() == earlier.size() && !later.root().equals(earlier.root())) {
            return Verdict.invalid(
                    Reason.CHECKPOINT_FORKED,
                    "checkpoint forks the log: size " + later.size() + " seen before with root "
                            + earlier.root().base64() + ", now " + later.root().base64());
        }
        return Verdict.valid(later);
    }

    /** Checks that {@code later} extends {@code earlier}: {@link #checkNotBackwards} and the consistency proof. */
    public static Verdict<Checkpoint> checkExtends(Checkpoint earlier, Checkpoint later, ConsistencyProof proof) {
        return checkNotBackwards(earlier, later).then(ok -> {
            if (proof.oldSize() != earlier.size() || proof.newSize() != later.size()) {
                return Verdict.invalid(
                        Reason.CONSISTENCY_FAILED,
                        "consistency proof is from size " + proof.oldSize() + " to " + proof.newSize() + ", not from "
                                + earlier.size() + " to " + later.size());
            }
            Verdict<ConsistencyProof> verdict = Proofs.verifyConsistency(proof, earlier.root(), later.root());
            if (verdict instanceof Verdict.Invalid<ConsistencyProof> invalid) {
                return Verdict.invalid(
                        Reason.CONSISTENCY_FAILED,
                        "checkpoint of size " + later.size() + " does not extend the one of size " + earlier.size()
                                + ": " + invalid.message());
            }
            return Verdict.valid(later);
        });
    }

    private static <T> Verdict<T> prefixed(Verdict<T> verdict, String prefix) {
        return verdict instanceof Verdict.Invalid<T> invalid ? invalid.prefixed(prefix) : verdict;
    }
}
