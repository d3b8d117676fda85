package org.radpost.archiver.volume;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** fsync for folders: a new file's name is durable only once the folder holding it is synced. */
public final class Durable {
    private Durable() {}

    /** Syncs a folder and, up to and including {@code upTo}, each folder above it (new folders need their parent synced). */
    public static void syncFolders(Path folder, Path upTo) throws IOException {
        for (Path p = folder; p != null; p = p.getParent()) {
            syncFolder(p);
            if (p.equals(upTo)) {
                break;
            }
        }
    }

    public static void syncFolder(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms (Windows) cannot open a folder as a channel; there the file's own fsync is all we get.
            if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win")) {
                throw new IOException("cannot fsync folder " + folder + ": " + e.getMessage(), e);
            }
        }
    }
}
