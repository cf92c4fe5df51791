package org.openects.server.shared;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes secrets the platform generates for itself (signing keys) into files only their owner may read. */
public final class OwnerOnlyFiles {

    private static final Logger log = LoggerFactory.getLogger(OwnerOnlyFiles.class);

    private OwnerOnlyFiles() {}

    /**
     * Creates {@code file} (mode 600, its directory 700 if it has to be created) holding {@code content}; false when
     * the file already existed (another process won the race), in which case nothing is written.
     */
    public static boolean create(Path file, byte[] content) throws IOException {
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        Path directory = file.toAbsolutePath().getParent();
        try {
            if (posix) {
                if (!Files.isDirectory(directory)) {
                    Files.createDirectories(
                            directory,
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                }
                Files.createFile(
                        file,
                        PosixFilePermissions.asFileAttribute(
                                Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
            } else {
                Files.createDirectories(directory);
                Files.createFile(file);
                log.warn("The file system of {} has no POSIX permissions: restrict access to it by hand", file);
            }
        } catch (FileAlreadyExistsException raced) {
            return false;
        }
        Files.write(file, content);
        return true;
    }
}
