package org.openects.evidence.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.openects.evidence.Hash;
import org.openects.evidence.MerkleHashes;
import org.openects.evidence.Reason;
import org.openects.evidence.Verdict;

class ProofsTest {

    private static final Hash SOME_HASH =
            Hash.ofHex("abacaba000000000000000000000000000000000000000000060061e00123456");

    @Test
    void theKnownInclusionProofsVerifyAgainstTheKnownRoots() {
        for (InclusionProof proof : Rfc6962Vectors.INCLUSION_PROOFS) {
            Hash leaf = MerkleHashes.leaf(Rfc6962Vectors.LEAVES.get((int) proof.leafIndex()));
            assertThat(Proofs.verifyInclusion(proof, leaf, Rfc6962Vectors.root(proof.treeSize())))
                    .isEqualTo(Verdict.valid(proof));
        }
    }

    @Test
    void theKnownConsistencyProofsVerifyAgainstTheKnownRoots() {
        for (ConsistencyProof proof : Rfc6962Vectors.CONSISTENCY_PROOFS) {
            assertThat(Proofs.verifyConsistency(
                            proof, Rfc6962Vectors.root(proof.oldSize()), Rfc6962Vectors.root(proof.newSize())))
                    .isEqualTo(Verdict.valid(proof));
        }
    }

    @Test
    void everyCorruptionOfEveryGoodInclusionProofFails() {
        List<Case> cases = goodInclusionProofs();
        int probes = 0;
        for (Case good : cases) {
            assertThat(Proofs.verifyInclusion(good.proof, good.leaf, good.root).isValid())
                    .as("good proof %s", good.proof)
                    .isTrue();
            for (Map.Entry<String, Probe> probe : corruptions(good).entrySet()) {
                Probe p = probe.getValue();
                assertThat(Proofs.verifyInclusion(p.proof, p.leaf, p.root))
                        .as("%s of %s", probe.getKey(), good.proof)
                        .isInstanceOf(Verdict.Invalid.class);
                probes++;
            }
        }
        assertThat(cases).hasSizeGreaterThan(90);
        assertThat(probes).isGreaterThan(50_000);
    }

    @Test
    void everyCorruptionOfEveryGoodConsistencyProofFails() {
        InMemoryTreeStore store = randomTree(17);
        MerkleTree tree = new MerkleTree(store);
        List<ConsistencyProof> proofs = new ArrayList<>(Rfc6962Vectors.CONSISTENCY_PROOFS.subList(1, 5));
        for (long newSize = 2; newSize <= 17; newSize++) {
            for (long oldSize = 1; oldSize < newSize; oldSize++) {
                proofs.add(tree.consistencyProof(oldSize, newSize));
            }
        }
        int probes = 0;
        for (int i = 0; i < proofs.size(); i++) {
            ConsistencyProof proof = proofs.get(i);
            boolean known = i < 4;
            Hash oldRoot = known ? Rfc6962Vectors.root(proof.oldSize()) : tree.root(proof.oldSize());
            Hash newRoot = known ? Rfc6962Vectors.root(proof.newSize()) : tree.root(proof.newSize());
            assertThat(Proofs.verifyConsistency(proof, oldRoot, newRoot).isValid())
                    .as("good %s", proof)
                    .isTrue();
            for (Map.Entry<String, ConsistencyProbe> probe :
                    consistencyCorruptions(proof, oldRoot, newRoot).entrySet()) {
                ConsistencyProbe p = probe.getValue();
                assertThat(Proofs.verifyConsistency(p.proof, p.oldRoot, p.newRoot))
                        .as("%s of %s", probe.getKey(), proof)
                        .isInstanceOf(Verdict.Invalid.class);
                probes++;
            }
        }
        assertThat(probes).isGreaterThan(50_000);
    }

    @Test
    void failuresNameTheirReason() {
        InclusionProof proof = Rfc6962Vectors.INCLUSION_PROOFS.get(1);
        Hash leaf = MerkleHashes.leaf(Rfc6962Vectors.LEAVES.get(5));
        Hash root = Rfc6962Vectors.root(8);
        List<Hash> path = proof.path();

        assertThat(reason(Proofs.verifyInclusion(new InclusionProof(8, 8, path), leaf, root)))
                .isEqualTo(Reason.INDEX_OUT_OF_RANGE);
        assertThat(reason(Proofs.verifyInclusion(new InclusionProof(5, 8, path.subList(0, 2)), leaf, root)))
                .isEqualTo(Reason.PROOF_TOO_SHORT);
        assertThat(reason(Proofs.verifyInclusion(new InclusionProof(5, 8, with(path, root)), leaf, root)))
                .isEqualTo(Reason.PROOF_TOO_LONG);
        assertThat(reason(Proofs.verifyInclusion(proof, leaf, SOME_HASH))).isEqualTo(Reason.ROOT_MISMATCH);
        assertThat(reason(Proofs.verifyConsistency(new ConsistencyProof(8, 6, List.of()), root, root)))
                .isEqualTo(Reason.SIZES_OUT_OF_ORDER);
        assertThat(reason(Proofs.verifyConsistency(new ConsistencyProof(6, 8, List.of()), root, root)))
                .isEqualTo(Reason.PROOF_TOO_SHORT);
    }

    @Test
    void treesOfEqualSizeAreConsistentOnlyWithEqualRootsAndAnEmptyProof() {
        Hash root = Rfc6962Vectors.root(3);

        assertThat(Proofs.verifyConsistency(new ConsistencyProof(3, 3, List.of()), root, root)
                        .isValid())
                .isTrue();
        assertThat(Proofs.verifyConsistency(new ConsistencyProof(3, 3, List.of()), root, SOME_HASH)
                        .isValid())
                .isFalse();
        assertThat(Proofs.verifyConsistency(new ConsistencyProof(3, 3, List.of(root)), root, root)
                        .isValid())
                .isFalse();
        assertThat(Proofs.verifyConsistency(new ConsistencyProof(0, 3, List.of()), MerkleHashes.empty(), root)
                        .isValid())
                .isTrue();
        assertThat(Proofs.verifyConsistency(new ConsistencyProof(0, 3, List.of()), SOME_HASH, root)
                        .isValid())
                .isFalse();
    }

    private static Reason reason(Verdict<?> verdict) {
        return ((Verdict.Invalid<?>) verdict).reason();
    }

    private record Case(InclusionProof proof, Hash leaf, Hash root) {}

    private record Probe(InclusionProof proof, Hash leaf, Hash root) {}

    private record ConsistencyProbe(ConsistencyProof proof, Hash oldRoot, Hash newRoot) {}

    private static List<byte[]> randomLeaves = new ArrayList<>();

    private static InMemoryTreeStore randomTree(int size) {
        Random random = new Random(size);
        randomLeaves = new ArrayList<>();
        List<Hash> hashes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            byte[] leaf = new byte[1 + random.nextInt(20)];
            random.nextBytes(leaf);
            randomLeaves.add(leaf);
            hashes.add(MerkleHashes.leaf(leaf));
        }
        InMemoryTreeStore store = new InMemoryTreeStore();
        new TreeWriter(store).append(hashes);
        return store;
    }

    private static List<Case> goodInclusionProofs() {
        List<Case> cases = new ArrayList<>();
        for (InclusionProof proof : Rfc6962Vectors.INCLUSION_PROOFS) {
            cases.add(new Case(
                    proof,
                    MerkleHashes.leaf(Rfc6962Vectors.LEAVES.get((int) proof.leafIndex())),
                    Rfc6962Vectors.root(proof.treeSize())));
        }
        InMemoryTreeStore store = randomTree(13);
        MerkleTree tree = new MerkleTree(store);
        for (long size = 1; size <= 13; size++) {
            for (long index = 0; index < size; index++) {
                cases.add(new Case(
                        tree.inclusionProof(index, size),
                        MerkleHashes.leaf(randomLeaves.get((int) index)),
                        tree.root(size)));
            }
        }
        return cases;
    }

    private static Map<String, Probe> corruptions(Case good) {
        long index = good.proof.leafIndex();
        long size = good.proof.treeSize();
        List<Hash> path = good.proof.path();
        Map<String, Probe> probes = new LinkedHashMap<>();
        probes.put("index - 1", new Probe(new InclusionProof(index - 1, size, path), good.leaf, good.root));
        probes.put("index + 1", new Probe(new InclusionProof(index + 1, size, path), good.leaf, good.root));
        probes.put("index ^ 2", new Probe(new InclusionProof(index ^ 2, size, path), good.leaf, good.root));
        probes.put("size * 2", new Probe(new InclusionProof(index, size * 2, path), good.leaf, good.root));
        probes.put("size / 2", new Probe(new InclusionProof(index, size / 2, path), good.leaf, good.root));
        probes.put("altered leaf", new Probe(good.proof, MerkleHashes.leaf("altered".getBytes()), good.root));
        probes.put("leaf hash as entry", new Probe(good.proof, MerkleHashes.leaf(good.leaf.bytes()), good.root));
        probes.put("empty root", new Probe(good.proof, good.leaf, MerkleHashes.empty()));
        probes.put("random root", new Probe(good.proof, good.leaf, SOME_HASH));
        probes.put(
                "trailing root",
                new Probe(new InclusionProof(index, size, with(path, good.root)), good.leaf, good.root));
        probes.put(
                "trailing zeros",
                new Probe(new InclusionProof(index, size, with(path, Hash.of(new byte[32]))), good.leaf, good.root));
        List<Hash> preceding = new ArrayList<>(path);
        preceding.addFirst(good.root);
        probes.put("preceding root", new Probe(new InclusionProof(index, size, preceding), good.leaf, good.root));
        if (!path.isEmpty()) {
            probes.put(
                    "truncated",
                    new Probe(new InclusionProof(index, size, path.subList(0, path.size() - 1)), good.leaf, good.root));
            probes.put(
                    "first removed",
                    new Probe(new InclusionProof(index, size, path.subList(1, path.size())), good.leaf, good.root));
            List<Hash> inserted = new ArrayList<>(path);
            inserted.add(1, SOME_HASH);
            probes.put("inserted", new Probe(new InclusionProof(index, size, inserted), good.leaf, good.root));
        }
        for (int i = 0; i < path.size(); i++) {
            for (int bit = 0; bit < 256; bit++) {
                List<Hash> flipped = new ArrayList<>(path);
                flipped.set(i, path.get(i).withBitFlipped(bit));
                probes.put(
                        "proof[" + i + "] bit " + bit,
                        new Probe(new InclusionProof(index, size, flipped), good.leaf, good.root));
            }
        }
        for (int bit = 0; bit < 256; bit++) {
            probes.put("leaf bit " + bit, new Probe(good.proof, good.leaf.withBitFlipped(bit), good.root));
            probes.put("root bit " + bit, new Probe(good.proof, good.leaf, good.root.withBitFlipped(bit)));
        }
        probes.values()
                .removeIf(p -> p.proof.leafIndex() == index
                        && p.proof.treeSize() == size
                        && p.proof.path().equals(path)
                        && p.leaf.equals(good.leaf)
                        && p.root.equals(good.root));
        return probes;
    }

    private static Map<String, ConsistencyProbe> consistencyCorruptions(
            ConsistencyProof good, Hash oldRoot, Hash newRoot) {
        long m = good.oldSize();
        long n = good.newSize();
        List<Hash> path = good.path();
        Map<String, ConsistencyProbe> probes = new LinkedHashMap<>();
        probes.put("old size - 1", new ConsistencyProbe(new ConsistencyProof(m - 1, n, path), oldRoot, newRoot));
        probes.put("old size + 1", new ConsistencyProbe(new ConsistencyProof(m + 1, n, path), oldRoot, newRoot));
        probes.put("old size ^ 2", new ConsistencyProbe(new ConsistencyProof(m ^ 2, n, path), oldRoot, newRoot));
        probes.put("new size * 2", new ConsistencyProbe(new ConsistencyProof(m, n * 2, path), oldRoot, newRoot));
        probes.put("new size / 2", new ConsistencyProbe(new ConsistencyProof(m, n / 2, path), oldRoot, newRoot));
        probes.put("wrong old root", new ConsistencyProbe(good, SOME_HASH, newRoot));
        probes.put("wrong new root", new ConsistencyProbe(good, oldRoot, SOME_HASH));
        probes.put("swapped roots", new ConsistencyProbe(good, newRoot, oldRoot));
        probes.put("empty proof", new ConsistencyProbe(new ConsistencyProof(m, n, List.of()), oldRoot, newRoot));
        probes.put(
                "trailing old root",
                new ConsistencyProbe(new ConsistencyProof(m, n, with(path, oldRoot)), oldRoot, newRoot));
        probes.put(
                "trailing new root",
                new ConsistencyProbe(new ConsistencyProof(m, n, with(path, newRoot)), oldRoot, newRoot));
        for (Hash first : List.of(oldRoot, newRoot, path.getFirst())) {
            List<Hash> preceding = new ArrayList<>(path);
            preceding.addFirst(first);
            probes.put(
                    "preceding " + first,
                    new ConsistencyProbe(new ConsistencyProof(m, n, preceding), oldRoot, newRoot));
        }
        probes.put(
                "truncated",
                new ConsistencyProbe(new ConsistencyProof(m, n, path.subList(0, path.size() - 1)), oldRoot, newRoot));
        probes.put(
                "first removed",
                new ConsistencyProbe(new ConsistencyProof(m, n, path.subList(1, path.size())), oldRoot, newRoot));
        for (int i = 0; i < path.size(); i++) {
            for (int bit = 0; bit < 256; bit++) {
                List<Hash> flipped = new ArrayList<>(path);
                flipped.set(i, path.get(i).withBitFlipped(bit));
                probes.put(
                        "proof[" + i + "] bit " + bit,
                        new ConsistencyProbe(new ConsistencyProof(m, n, flipped), oldRoot, newRoot));
            }
        }
        for (int bit = 0; bit < 256; bit++) {
            probes.put("old root bit " + bit, new ConsistencyProbe(good, oldRoot.withBitFlipped(bit), newRoot));
            probes.put("new root bit " + bit, new ConsistencyProbe(good, oldRoot, newRoot.withBitFlipped(bit)));
        }
        probes.values().removeIf(p -> p.proof.equals(good) && p.oldRoot.equals(oldRoot) && p.newRoot.equals(newRoot));
        return probes;
    }

    private static List<Hash> with(List<Hash> path, Hash extra) {
        List<Hash> extended = new ArrayList<>(path);
        extended.add(extra);
        return extended;
    }
}
