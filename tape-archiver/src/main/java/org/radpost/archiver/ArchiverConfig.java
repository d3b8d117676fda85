package org.radpost.archiver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where volumes live (a local disk, an NFS share or an LTFS-mounted tape look the same), how large a volume
 * grows before it is sealed, and the actor name written in the audit rows of automatic steps.
 */
public record ArchiverConfig(Path root, long volumeCapBytes, String actor) {
    /** 2 GiB: large enough to keep the file count low, small enough to rewrite quickly when compacting. */
    public static final long DEFAULT_VOLUME_CAP = 2L * 1024 * 1024 * 1024;
    public static final long MINIMUM_VOLUME_CAP = 16 * 1024;

    public ArchiverConfig {
        if (root == null) {
            throw new IllegalArgumentException("the archive root folder is not set");
        }
        root = root.toAbsolutePath().normalize();
        if (volumeCapBytes < MINIMUM_VOLUME_CAP) {
            throw new IllegalArgumentException("volume size cap " + volumeCapBytes + " bytes is below the minimum of "
                    + MINIMUM_VOLUME_CAP + " bytes; set a cap such as 2147483648 (2 GiB)");
        }
        actor = actor == null || actor.isBlank() ? "tape-archiver" : actor;
    }

    public static ArchiverConfig of(Path root) {
        return new ArchiverConfig(root, DEFAULT_VOLUME_CAP, "tape-archiver");
    }

    public ArchiverConfig withVolumeCap(long bytes) {
        return new ArchiverConfig(root, bytes, actor);
    }

    public ArchiverConfig withActor(String name) {
        return new ArchiverConfig(root, volumeCapBytes, name);
    }

    /** Creates the root if needed and fails fast, with a sentence, when it is not a writable folder. */
    void check() {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the archive root " + root + ": " + e.getMessage()
                    + "; create it or point the archive at a writable folder", e);
        }
        if (!Files.isDirectory(root) || !Files.isWritable(root)) {
            throw new IllegalStateException("the archive root " + root + " is not a writable folder; "
                    + "fix its permissions or mount the archive there");
        }
    }
}
