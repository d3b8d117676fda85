package org.radpost.wire.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and folders only their owner may read: key stores, passwords and the folders that hold patient data. Each is
 * created with its permissions already set (0600 files, 0700 folders), so there is no moment in which another user
 * could open it, whatever the process's umask; on a file system without POSIX permissions the folder's ACL rules.
 */
public final class OwnerOnly {
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");

    private OwnerOnly() {}

    /** Creates the folder (and missing parents) if needed, and makes the folder itself owner-only. */
    public static Path folder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            Path parent = folder.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try {
                Files.createDirectory(folder, attribute(FOLDER));
            } catch (UnsupportedOperationException e) {
                Files.createDirectory(folder);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // made a moment ago by another thread or process: restricted below
            }
        }
        restrict(folder);
        return folder;
    }

    /** Takes group and other permissions away from an existing file or folder. */
    public static void restrict(Path path) throws IOException {
        try {
            Files.setPosixFilePermissions(path, Files.isDirectory(path) ? FOLDER : FILE);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's own access control applies
        }
    }

    /** A new file (it must not exist) that only the owner may read, open for writing. */
    public static OutputStream newFile(Path file) throws IOException {
        return Channels.newOutputStream(newChannel(file));
    }

    /** As {@link #newFile}, as a channel (for {@code force}). */
    public static FileChannel newChannel(Path file) throws IOException {
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            return FileChannel.open(file, options, attribute(FILE));
        } catch (UnsupportedOperationException e) {
            return FileChannel.open(file, options);
        }
    }

    /**
     * Opens a file for writing with the given options ({@code CREATE}, {@code TRUNCATE_EXISTING}, ...), created
     * owner-only if new; one that already existed (a crash's leftover) loses its group and other permissions.
     */
    public static FileChannel writing(Path file, StandardOpenOption... options) throws IOException {
        Set<StandardOpenOption> all = new java.util.HashSet<>(Set.of(options));
        all.add(StandardOpenOption.WRITE);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, all, attribute(FILE));
        } catch (UnsupportedOperationException e) {
            return FileChannel.open(file, all);
        }
        try {
            restrict(file);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return channel;
    }

    /** As {@link #writing}, as a stream: created (or truncated) owner-only, like {@code Files.newOutputStream}. */
    public static OutputStream replacing(Path file) throws IOException {
        return Channels.newOutputStream(writing(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING));
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> permissions) {
        return PosixFilePermissions.asFileAttribute(permissions);
    }
}
