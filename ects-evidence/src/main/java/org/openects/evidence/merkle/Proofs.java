package org.openects.evidence.merkle;

import java.util.ArrayList;
import java.util.List;
import org.openects.evidence.Hash;
import org.openects.evidence.MerkleHashes;
import org.openects.evidence.Reason;
import org.openects.evidence.Verdict;

/** Verification of inclusion and consistency proofs, following RFC 9162 sections 2.1.3.2 and 2.1.4.2. */
public final class Proofs {

    private Proofs() {}

    /** The root that {@code proof} leads to from {@code leafHash}, if the proof has the right shape. */
    public static Verdict<Hash> rootFromInclusionProof(InclusionProof proof, Hash leafHash) {
        long index = proof.leafIndex();
        long size = proof.treeSize();
        if (index < 0 || index >= size) {
            return Verdict.invalid(
                    Reason.INDEX_OUT_OF_RANGE, "leaf index " + index + " is not in a tree of " + size + " leaves");
        }
        long fn = index;
        long sn = size - 1;
        Hash r = leafHash;
        for (Hash p : proof.path()) {
            if (sn == 0) {
                return Verdict.invalid(
                        Reason.PROOF_TOO_LONG, "inclusion proof has more hashes than the tree has levels");
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = MerkleHashes.node(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                r = MerkleHashes.node(r, p);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        if (sn != 0) {
            return Verdict.invalid(Reason.PROOF_TOO_SHORT, "inclusion proof has too few hashes for the tree size");
        }
        return Verdict.valid(r);
    }

    /** Checks that {@code leafHash} is leaf {@code proof.leafIndex()} of the tree of {@code proof.treeSize()} with {@code root}. */
    public static Verdict<InclusionProof> verifyInclusion(InclusionProof proof, Hash leafHash, Hash root) {
        return rootFromInclusionProof(proof, leafHash)
                .then(computed -> computed.equals(root)
                        ? Verdict.valid(proof)
                        : Verdict.invalid(Reason.ROOT_MISMATCH, "inclusion proof does not lead to the expected root"));
    }

    /** Checks that the tree of {@code proof.oldSize()} with {@code oldRoot} is a prefix of the one with {@code newRoot}. */
    public static Verdict<ConsistencyProof> verifyConsistency(ConsistencyProof proof, Hash oldRoot, Hash newRoot) {
        long first = proof.oldSize();
        long second = proof.newSize();
        List<Hash> path = proof.path();
        if (first < 0 || first > second) {
            return Verdict.invalid(
                    Reason.SIZES_OUT_OF_ORDER, "no consistency from a tree of " + first + " to one of " + second);
        }
        if (first == second || first == 0) {
            if (!path.isEmpty()) {
                return Verdict.invalid(
                        Reason.PROOF_TOO_LONG, "consistency proof must be empty for sizes " + first + " and " + second);
            }
            Hash expected = first == 0 ? MerkleHashes.empty() : newRoot;
            return oldRoot.equals(expected)
                    ? Verdict.valid(proof)
                    : Verdict.invalid(Reason.ROOT_MISMATCH, "consistency proof does not lead to the old root");
        }
        if (path.isEmpty()) {
            return Verdict.invalid(Reason.PROOF_TOO_SHORT, "consistency proof is empty");
        }
        List<Hash> hashes = new ArrayList<>(path.size() + 1);
        if (Long.bitCount(first) == 1) {
            hashes.add(oldRoot);
        }
        hashes.addAll(path);
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>>= 1;
            sn >>>= 1;
        }
        Hash fr = hashes.getFirst();
        Hash sr = hashes.getFirst();
        for (Hash c : hashes.subList(1, hashes.size())) {
            if (sn == 0) {
                return Verdict.invalid(
                        Reason.PROOF_TOO_LONG, "consistency proof has more hashes than the tree shape allows");
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = MerkleHashes.node(c, fr);
                sr = MerkleHashes.node(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                sr = MerkleHashes.node(sr, c);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        if (sn != 0) {
            return Verdict.invalid(Reason.PROOF_TOO_SHORT, "consistency proof has too few hashes for the tree sizes");
        }
        if (!fr.equals(oldRoot)) {
            return Verdict.invalid(Reason.ROOT_MISMATCH, "consistency proof does not lead to the old root");
        }
        if (!sr.equals(newRoot)) {
            return Verdict.invalid(Reason.ROOT_MISMATCH, "consistency proof does not lead to the new root");
        }
        return Verdict.valid(proof);
    }
}
