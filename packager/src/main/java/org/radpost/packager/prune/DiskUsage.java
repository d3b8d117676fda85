package org.radpost.packager.prune;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** How full the disk holding the packager's data is, in percent; a seam so tests can set the reading. */
@FunctionalInterface
public interface DiskUsage {
    double usedPercent() throws IOException;

    /** The file store holding the folder: the share of its space not usable by this process. */
    static DiskUsage of(Path folder) {
        return () -> {
            FileStore store = Files.getFileStore(folder);
            long total = store.getTotalSpace();
            return total <= 0 ? 0 : 100.0 * (total - store.getUsableSpace()) / total;
        };
    }
}
