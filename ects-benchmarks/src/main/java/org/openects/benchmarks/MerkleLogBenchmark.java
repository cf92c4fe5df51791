package org.openects.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openects.evidence.Hash;
import org.openects.evidence.MerkleHashes;
import org.openects.evidence.entry.EntryDraft;
import org.openects.evidence.entry.Subject;
import org.openects.evidence.log.Sequencer;
import org.openects.evidence.merkle.ConsistencyProof;
import org.openects.evidence.merkle.FileTreeStore;
import org.openects.evidence.merkle.InMemoryTreeStore;
import org.openects.evidence.merkle.InclusionProof;
import org.openects.evidence.merkle.MerkleTree;
import org.openects.evidence.merkle.TreeStore;
import org.openects.evidence.merkle.TreeWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The audit log's hot paths: appending entries (canonical encoding, leaf hash, tree update) to the in-memory and the
 * file tree store, in batches as the server appends them; and inclusion and consistency proofs on a large tree kept in
 * files. The large tree is built once per fork by appending random leaf hashes in batches of 64 Ki (1 M leaves take
 * seconds; 10 M about ten times that and 640 MB of disk in java.io.tmpdir).
 */
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MerkleLogBenchmark {

    private static final int BATCH = 1_000;

    /** Appends of whole entries, {@value #BATCH} per batch: the result is entries per second. */
    @State(Scope.Thread)
    public static class AppendState {
        @Param({"memory", "files", "files-durable"})
        public String store;

        Sequencer sequencer;
        List<EntryDraft> batch;
        Path directory;
        FileTreeStore files;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            TreeStore tree;
            if (store.equals("memory")) {
                tree = new InMemoryTreeStore();
            } else {
                directory = Files.createTempDirectory("merkle-append");
                files = FileTreeStore.open(directory, store.equals("files-durable"));
                tree = files;
            }
            sequencer = new Sequencer(tree, "bench.example/audit");
            batch = new ArrayList<>(BATCH);
            Instant time = Instant.parse("2025-03-01T06:00:00Z");
            for (int i = 0; i < BATCH; i++) {
                batch.add(new EntryDraft(
                        time.plusSeconds(i),
                        "device:ESEAL-" + (i % 500),
                        "seal.reported",
                        new Subject("movement", "MV-2025-" + (i % 2_000)),
                        Map.of("seal", "CLOSED", "lat", "-1.2921", "lon", "36.8219"),
                        List.of()));
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            if (files != null) {
                files.close();
                delete(directory);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long appendEntries(AppendState state) {
        return state.sequencer.append(state.batch).getLast().sequence();
    }

    /** Appends of bare leaf hashes, {@value #BATCH} per batch: the tree update alone. */
    @State(Scope.Thread)
    public static class TreeState {
        TreeWriter writer;
        List<Hash> leaves;

        @Setup(Level.Trial)
        public void setUp() {
            writer = new TreeWriter(new InMemoryTreeStore());
            leaves = randomLeaves(new SplittableRandom(1), BATCH);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long appendLeafHashes(TreeState state) {
        return state.writer.append(state.leaves);
    }

    /** A large tree in files, for proofs. */
    @State(Scope.Benchmark)
    public static class LargeTree {
        @Param({"1000000", "10000000"})
        public long size;

        Path directory;
        FileTreeStore store;
        MerkleTree tree;
        SplittableRandom random;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            directory = Files.createTempDirectory("merkle-proofs");
            store = FileTreeStore.open(directory, false);
            TreeWriter writer = new TreeWriter(store);
            SplittableRandom leaves = new SplittableRandom(6962);
            long started = System.nanoTime();
            for (long built = 0; built < size; ) {
                int n = (int) Math.min(1 << 16, size - built);
                writer.append(randomLeaves(leaves, n));
                built += n;
            }
            System.out.printf(
                    "%nbuilt a %,d-leaf tree in files in %.1f s%n", size, (System.nanoTime() - started) / 1e9);
            tree = new MerkleTree(store);
            random = new SplittableRandom(42);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            store.close();
            delete(directory);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public InclusionProof inclusionProof(LargeTree state) {
        return state.tree.inclusionProof(state.random.nextLong(state.size), state.size);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public ConsistencyProof consistencyProof(LargeTree state) {
        return state.tree.consistencyProof(1 + state.random.nextLong(state.size - 1), state.size);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Hash rootOfAnEarlierSize(LargeTree state) {
        return state.tree.root(1 + state.random.nextLong(state.size));
    }

    private static List<Hash> randomLeaves(SplittableRandom random, int count) {
        List<Hash> leaves = new ArrayList<>(count);
        byte[] entry = new byte[16];
        for (int i = 0; i < count; i++) {
            random.nextBytes(entry);
            leaves.add(MerkleHashes.leaf(entry));
        }
        return leaves;
    }

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
