package org.radpost.archiver.volume;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * File-level facts of a TAR volume as RadPost keeps it: entries, then the two zero records that end a TAR
 * archive. Between appends the file is always a complete archive any tar can read; the index records
 * its size including those end records.
 */
public final class TarVolume {
    public static final int RECORD = 512;
    public static final int END_OF_ARCHIVE = 2 * RECORD;

    private TarVolume() {}

    /** Writes an empty archive (only the end records), fsyncs it and the folders it was created in. */
    public static void createEmpty(Path file, Path root) throws IOException {
        Files.createDirectories(file.getParent());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.allocate(END_OF_ARCHIVE));
            channel.force(true);
        }
        Durable.syncFolders(file.getParent(), root);
    }

    /** True when the file is exactly as the index last committed it: that size, ending in the end records. */
    public static boolean isIntact(Path file, long committedSize) throws IOException {
        if (!Files.exists(file) || Files.size(file) != committedSize) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer tail = ByteBuffer.allocate(END_OF_ARCHIVE);
            channel.position(committedSize - END_OF_ARCHIVE);
            while (tail.hasRemaining() && channel.read(tail) >= 0) {
                // keep reading until the tail is full
            }
            tail.flip();
            while (tail.hasRemaining()) {
                if (tail.get() != 0) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Cuts whatever follows the last committed entry (a partial entry from a crash, garbage) and writes the end
     * records again, so the file is the archive the index describes.
     */
    public static void truncateTo(Path file, long committedSize) throws IOException {
        long dataEnd = committedSize - END_OF_ARCHIVE;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            if (channel.size() < dataEnd) {
                throw new IOException("volume " + file + " is " + channel.size() + " bytes but the index knows "
                        + dataEnd + " bytes of entries: committed objects are missing; restore the volume from a copy");
            }
            channel.truncate(dataEnd);
            channel.position(dataEnd);
            ByteBuffer end = ByteBuffer.allocate(END_OF_ARCHIVE);
            while (end.hasRemaining()) {
                channel.write(end);
            }
            channel.force(true);
        }
    }

    /** The bytes of one entry, read from its data offset; the caller checks the SHA-256 while reading. */
    public static InputStream openEntry(Path volume, long offset, long size) throws IOException {
        FileChannel channel = FileChannel.open(volume, StandardOpenOption.READ);
        if (channel.size() < offset + size) {
            long actual = channel.size();
            channel.close();
            throw new IOException("volume " + volume + " is " + actual + " bytes, too short for the entry at offset "
                    + offset + " of " + size + " bytes");
        }
        channel.position(offset);
        return new BufferedInputStream(new BoundedInputStream(Channels.newInputStream(channel), size), 1 << 20);
    }

    /** About how much a volume grows when an entry is appended (headers, padding), to decide when to seal. */
    public static long growthFor(long size) {
        return 3L * RECORD + (size + RECORD - 1) / RECORD * RECORD;
    }
}
