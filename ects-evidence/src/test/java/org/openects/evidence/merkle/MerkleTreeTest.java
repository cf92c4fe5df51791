package org.openects.evidence.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openects.evidence.Hash;
import org.openects.evidence.MerkleHashes;

class MerkleTreeTest {

    @TempDir
    static Path temp;

    private static int directories;

    static Stream<Arguments> stores() {
        Function<String, TreeStore> memory = name -> new InMemoryTreeStore();
        Function<String, TreeStore> file = name -> FileTreeStore.open(temp.resolve(name + directories++), false);
        return Stream.of(Arguments.of("in memory", memory), Arguments.of("in files", file));
    }

    private static MerkleTree treeOf(TreeStore store, List<byte[]> leaves) {
        new TreeWriter(store).append(leaves.stream().map(MerkleHashes::leaf).toList());
        return new MerkleTree(store);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void theRootOfEveryPrefixOfTheReferenceTreeIsTheKnownAnswer(String name, Function<String, TreeStore> stores) {
        MerkleTree tree = treeOf(stores.apply("roots"), Rfc6962Vectors.LEAVES);

        assertThat(tree.root(0)).isEqualTo(MerkleHashes.empty());
        for (int size = 1; size <= 8; size++) {
            assertThat(tree.root(size)).as("root of size %d", size).isEqualTo(Rfc6962Vectors.root(size));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void inclusionProofsOfTheReferenceTreeAreTheKnownAnswers(String name, Function<String, TreeStore> stores) {
        MerkleTree tree = treeOf(stores.apply("inclusion"), Rfc6962Vectors.LEAVES);

        for (InclusionProof expected : Rfc6962Vectors.INCLUSION_PROOFS) {
            assertThat(tree.inclusionProof(expected.leafIndex(), expected.treeSize()))
                    .isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void consistencyProofsOfTheReferenceTreeAreTheKnownAnswers(String name, Function<String, TreeStore> stores) {
        MerkleTree tree = treeOf(stores.apply("consistency"), Rfc6962Vectors.LEAVES);

        for (ConsistencyProof expected : Rfc6962Vectors.CONSISTENCY_PROOFS) {
            assertThat(tree.consistencyProof(expected.oldSize(), expected.newSize()))
                    .isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void rootsAndProofsAgreeWithTheReferenceImplementationOnRandomTreesUpTo300Leaves(
            String name, Function<String, TreeStore> stores) {
        Random random = new Random(6962);
        List<byte[]> leaves = new ArrayList<>();
        TreeStore store = stores.apply("random");
        TreeWriter writer = new TreeWriter(store);
        MerkleTree tree = new MerkleTree(store);
        int checkedInclusion = 0;
        int checkedConsistency = 0;
        while (leaves.size() <= 300) {
            int size = leaves.size();
            assertThat(tree.root(size)).as("root of %d", size).isEqualTo(ReferenceMerkle.mth(leaves));
            assertThat(writer.root()).isEqualTo(ReferenceMerkle.mth(leaves));
            for (int probe = 0; probe < 20 && size > 0; probe++) {
                int index = random.nextInt(size);
                InclusionProof proof = tree.inclusionProof(index, size);
                assertThat(proof.path()).isEqualTo(ReferenceMerkle.path(index, leaves));
                assertThat(Proofs.verifyInclusion(proof, MerkleHashes.leaf(leaves.get(index)), tree.root(size))
                                .isValid())
                        .isTrue();
                checkedInclusion++;

                int oldSize = random.nextInt(size + 1);
                ConsistencyProof consistency = tree.consistencyProof(oldSize, size);
                if (oldSize > 0 && oldSize < size) {
                    assertThat(consistency.path()).isEqualTo(ReferenceMerkle.proof(oldSize, leaves));
                } else {
                    assertThat(consistency.path()).isEmpty();
                }
                assertThat(Proofs.verifyConsistency(consistency, tree.root(oldSize), tree.root(size))
                                .isValid())
                        .as("consistency %d -> %d", oldSize, size)
                        .isTrue();
                checkedConsistency++;
            }
            // Append a batch of random size (mostly 1) of random leaves.
            int batch = random.nextInt(4) == 0 ? 1 + random.nextInt(17) : 1;
            List<Hash> hashes = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                byte[] leaf = new byte[random.nextInt(40)];
                random.nextBytes(leaf);
                leaves.add(leaf);
                hashes.add(MerkleHashes.leaf(leaf));
            }
            assertThat(writer.append(hashes)).isEqualTo(size);
        }
        assertThat(checkedInclusion).isGreaterThan(1500);
        assertThat(checkedConsistency).isGreaterThan(1500);
    }

    @Test
    void everyLeafOfEveryTreeUpTo64LeavesHasTheReferencePath() {
        Random random = new Random(1);
        List<byte[]> leaves = new ArrayList<>();
        InMemoryTreeStore store = new InMemoryTreeStore();
        TreeWriter writer = new TreeWriter(store);
        MerkleTree tree = new MerkleTree(store);
        for (int size = 1; size <= 64; size++) {
            byte[] leaf = new byte[8];
            random.nextBytes(leaf);
            leaves.add(leaf);
            writer.append(List.of(MerkleHashes.leaf(leaf)));
            for (int index = 0; index < size; index++) {
                assertThat(tree.inclusionProof(index, size).path()).isEqualTo(ReferenceMerkle.path(index, leaves));
            }
            for (int oldSize = 1; oldSize < size; oldSize++) {
                assertThat(tree.consistencyProof(oldSize, size).path())
                        .isEqualTo(ReferenceMerkle.proof(oldSize, leaves));
            }
        }
    }

    @Test
    void proofsReadOnlyLogarithmicallyManyNodesInOneCall() {
        CountingStore store = new CountingStore(new InMemoryTreeStore());
        TreeWriter writer = new TreeWriter(store);
        List<Hash> leaves = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            leaves.add(MerkleHashes.leaf(new byte[] {(byte) i, (byte) (i >> 8), (byte) (i >> 16)}));
        }
        writer.append(leaves);
        MerkleTree tree = new MerkleTree(store);

        store.reset();
        tree.inclusionProof(31_337, 99_999);
        assertThat(store.calls).isEqualTo(1);
        assertThat(store.nodes).isLessThanOrEqualTo(2 * 17);

        store.reset();
        tree.consistencyProof(12_345, 99_999);
        assertThat(store.calls).isEqualTo(1);
        assertThat(store.nodes).isLessThanOrEqualTo(2 * 17);

        store.reset();
        writer.append(List.of(MerkleHashes.leaf(new byte[] {1})));
        assertThat(store.calls).as("appends read nothing").isZero();
    }

    @Test
    void aWriterCatchesUpWhenTheStoreSizeChangedUnderIt() {
        InMemoryTreeStore store = new InMemoryTreeStore();
        List<byte[]> leaves = List.of(new byte[] {1}, new byte[] {2}, new byte[] {3});
        new TreeWriter(store).append(List.of(MerkleHashes.leaf(leaves.get(0))));
        TreeWriter writer = new TreeWriter(store);
        writer.append(List.of(MerkleHashes.leaf(leaves.get(1))));
        new TreeWriter(store).append(List.of(MerkleHashes.leaf(leaves.get(2))));

        assertThat(writer.root()).isEqualTo(ReferenceMerkle.mth(leaves));
    }

    @Test
    void aStoreRefusesAnAppendFromAStaleSize() {
        InMemoryTreeStore store = new InMemoryTreeStore();
        new TreeWriter(store).append(List.of(MerkleHashes.leaf(new byte[0])));

        assertThatThrownBy(() -> store.append(0, 1, List.of()))
                .isInstanceOf(TreeStore.ConcurrentAppendException.class)
                .hasMessageContaining("tree size is 1, expected 0");
    }

    @Test
    void aFileStoreKeepsItsTreeAcrossReopening(@TempDir Path directory) {
        List<byte[]> leaves = new ArrayList<>(Rfc6962Vectors.LEAVES);
        try (FileTreeStore store = FileTreeStore.open(directory, true)) {
            treeOf(store, leaves.subList(0, 5));
        }
        try (FileTreeStore store = FileTreeStore.open(directory, true)) {
            assertThat(store.size()).isEqualTo(5);
            new TreeWriter(store)
                    .append(leaves.subList(5, 8).stream()
                            .map(MerkleHashes::leaf)
                            .toList());
            MerkleTree tree = new MerkleTree(store);
            assertThat(tree.root(8)).isEqualTo(Rfc6962Vectors.root(8));
            assertThat(tree.root(5)).isEqualTo(Rfc6962Vectors.root(5));
        }
    }

    @Test
    void aProofForALeafOrSizeOutsideTheTreeIsRefused() {
        MerkleTree tree = treeOf(new InMemoryTreeStore(), Rfc6962Vectors.LEAVES);

        assertThatThrownBy(() -> tree.inclusionProof(8, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.inclusionProof(0, 9)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.consistencyProof(5, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    private static final class CountingStore implements TreeStore {
        private final TreeStore delegate;
        int calls;
        int nodes;

        CountingStore(TreeStore delegate) {
            this.delegate = delegate;
        }

        void reset() {
            calls = 0;
            nodes = 0;
        }

        @Override
        public long size() {
            return delegate.size();
        }

        @Override
        public List<Hash> read(List<NodeAddress> addresses) {
            calls++;
            nodes += addresses.size();
            return delegate.read(addresses);
        }

        @Override
        public void append(long expectedSize, long newSize, List<Node> added) {
            delegate.append(expectedSize, newSize, added);
        }
    }
}
