package org.openects.evidence.merkle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import org.openects.evidence.Hash;

/**
 * A {@link TreeStore} in a directory: one append-only file per level ({@code level-NN}, node {@code i} at byte
 * {@code 32 i}) and a {@code size} file written last, so that a crash between the two leaves the old size in force
 * (nodes past it are overwritten by the next append). With {@code durable}, every append forces the files it wrote to
 * the disk before it returns. Single process; thread-safe within it.
 */
public final class FileTreeStore implements TreeStore, AutoCloseable {

    private final Path directory;
    private final boolean durable;
    private final List<FileChannel> levels = new ArrayList<>();
    private final FileChannel sizeFile;
    private long size;

    private FileTreeStore(Path directory, boolean durable) throws IOException {
        this.directory = directory;
        this.durable = durable;
        Files.createDirectories(directory);
        sizeFile = FileChannel.open(
                directory.resolve("size"),
                StandardOpenOption.CREATE,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        ByteBuffer buffer = ByteBuffer.allocate(Long.BYTES);
        while (buffer.hasRemaining() && sizeFile.read(buffer, buffer.position()) > 0) {
            // read all 8 bytes
        }
        size = buffer.position() == Long.BYTES ? buffer.flip().getLong() : 0;
        for (int level = 0; Files.exists(levelFile(level)); level++) {
            levels.add(open(level));
        }
    }

    /** Opens (or creates) the store in {@code directory}. */
    public static FileTreeStore open(Path directory, boolean durable) {
        try {
            return new FileTreeStore(directory, durable);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the tree store in " + directory, e);
        }
    }

    @Override
    public synchronized long size() {
        return size;
    }

    @Override
    public synchronized List<Hash> read(List<NodeAddress> nodes) {
        List<Hash> hashes = new ArrayList<>(nodes.size());
        ByteBuffer buffer = ByteBuffer.allocate(Hash.LENGTH);
        try {
            for (NodeAddress node : nodes) {
                if (node.requiredSize() > size) {
                    throw new IllegalArgumentException("no node " + node + " in a tree of " + size);
                }
                FileChannel channel = levels.get(node.level());
                buffer.clear();
                long position = node.index() * Hash.LENGTH;
                while (buffer.hasRemaining()) {
                    if (channel.read(buffer, position + buffer.position()) < 0) {
                        throw new IllegalStateException("tree store truncated at " + node + " in " + directory);
                    }
                }
                hashes.add(Hash.of(buffer.array()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tree store in " + directory, e);
        }
        return hashes;
    }

    @Override
    public synchronized void append(long expectedSize, long newSize, List<Node> nodes) {
        if (size != expectedSize) {
            throw new ConcurrentAppendException(expectedSize, size);
        }
        try {
            List<Node> sorted = new ArrayList<>(nodes);
            sorted.sort(Comparator.comparingInt((Node n) -> n.address().level())
                    .thenComparingLong(n -> n.address().index()));
            BitSet written = new BitSet();
            int from = 0;
            while (from < sorted.size()) {
                int to = from + 1;
                NodeAddress first = sorted.get(from).address();
                while (to < sorted.size()
                        && sorted.get(to).address().level() == first.level()
                        && sorted.get(to).address().index() == first.index() + (to - from)) {
                    to++;
                }
                written.set(writeRun(sorted.subList(from, to)));
                from = to;
            }
            if (durable) {
                for (int level = written.nextSetBit(0); level >= 0; level = written.nextSetBit(level + 1)) {
                    levels.get(level).force(false);
                }
            }
            sizeFile.write(ByteBuffer.allocate(Long.BYTES).putLong(0, newSize), 0);
            if (durable) {
                sizeFile.force(false);
            }
            size = newSize;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the tree store in " + directory, e);
        }
    }

    private int writeRun(List<Node> run) throws IOException {
        int level = run.getFirst().address().level();
        while (levels.size() <= level) {
            levels.add(open(levels.size()));
        }
        ByteBuffer buffer = ByteBuffer.allocate(run.size() * Hash.LENGTH);
        for (Node node : run) {
            buffer.put(node.hash().bytes());
        }
        buffer.flip();
        long position = run.getFirst().address().index() * Hash.LENGTH;
        FileChannel channel = levels.get(level);
        while (buffer.hasRemaining()) {
            channel.write(buffer, position + buffer.position());
        }
        return level;
    }

    private FileChannel open(int level) throws IOException {
        return FileChannel.open(
                levelFile(level), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    private Path levelFile(int level) {
        return directory.resolve("level-%02d".formatted(level));
    }

    @Override
    public synchronized void close() {
        try {
            for (FileChannel level : levels) {
                level.close();
            }
            sizeFile.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the tree store in " + directory, e);
        }
    }
}
