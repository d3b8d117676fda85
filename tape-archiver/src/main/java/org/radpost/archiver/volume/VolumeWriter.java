package org.radpost.archiver.volume;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.radpost.wire.Sha256;

/**
 * Appends entries to a volume, starting where its end records are, hashing each entry while it streams in;
 * {@link #finishAndSync()} writes new end records and fsyncs. Until then the index must not mention the entries.
 * Uses PAX headers for long names (UIDs make names longer than 100 characters) and entries over 8 GiB.
 */
public final class VolumeWriter implements AutoCloseable {
    private static final int BUFFER = 1 << 20;
    private final Path file;
    private final FileChannel channel;
    private final long start;
    private final TarArchiveOutputStream tar;
    private final byte[] buffer = new byte[BUFFER];
    private boolean finished;

    private VolumeWriter(Path file, FileChannel channel, long start) {
        this.file = file;
        this.channel = channel;
        this.start = start;
        OutputStream out = new BufferedOutputStream(new KeepOpen(Channels.newOutputStream(channel)), BUFFER);
        // Block size of one record: no padding beyond the end records, so sizes stay predictable for recovery.
        this.tar = new TarArchiveOutputStream(out, TarVolume.RECORD, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
    }

    /** Opens a volume whose index-committed size is {@code committedSize} (entries plus end records). */
    public static VolumeWriter open(Path file, long committedSize) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ);
        long start = committedSize - TarVolume.END_OF_ARCHIVE;
        channel.position(start);
        return new VolumeWriter(file, channel, start);
    }

    /** Streams {@code size} bytes into a new entry and returns where its data lies and its SHA-256. */
    public AppendedEntry append(String name, InputStream content, long size, Instant modified) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(size);
        entry.setModTime(modified.toEpochMilli());
        entry.setMode(0444);
        tar.putArchiveEntry(entry);
        long offset = start + tar.getBytesWritten();
        MessageDigest digest = Sha256.newDigest();
        long copied = 0;
        for (int n; copied < size && (n = content.read(buffer, 0, (int) Math.min(buffer.length, size - copied))) > 0; ) {
            digest.update(buffer, 0, n);
            tar.write(buffer, 0, n);
            copied += n;
            if (copied - n <= size / 2 && copied > size / 2) org.radpost.schema.FaultPoint.reach("mid-archive-entry");
        }
        if (copied != size || content.read() != -1) {
            throw new IOException("entry " + name + " was announced as " + size + " bytes but its source "
                    + (copied < size ? "ended after " + copied : "has more") + " bytes (did the file change?)");
        }
        tar.closeArchiveEntry();
        return new AppendedEntry(name, offset, size, Sha256.of(digest.digest()));
    }

    public AppendedEntry append(String name, byte[] content, Instant modified) throws IOException {
        return append(name, new java.io.ByteArrayInputStream(content), content.length, modified);
    }

    /** The size the volume would have if {@link #finishAndSync()} ran now: entries so far plus the end records. */
    public long sizeWhenFinished() {
        return start + tar.getBytesWritten() + TarVolume.END_OF_ARCHIVE;
    }

    /** Writes the end records, cuts anything after them, fsyncs, and returns the volume's new size. */
    public long finishAndSync() throws IOException {
        tar.finish();
        tar.flush();
        long size = start + tar.getBytesWritten();
        channel.truncate(size);
        channel.force(true);
        finished = true;
        return size;
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        try {
            if (finished) {
                tar.close();
            }
        } finally {
            channel.close();
        }
    }

    /** Lets the TAR stream be closed without closing the channel we still need to fsync. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
