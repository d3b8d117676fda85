package org.radpost.datacenter.smtp;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.MailEnvelope;

/**
 * A James mail envelope whose DATA goes to a staging file instead of James' default in-heap byte array, so a
 * multi-gigabyte message costs a 64 KiB buffer. The file is deleted by {@link #discard()}.
 */
final class StagedMailEnvelope implements MailEnvelope {
    static final String FILE_PREFIX = "smtp-data-";
    private static final int BUFFER = 64 * 1024;

    private final Path stagingDirectory;
    private final MaybeSender sender;
    private final List<MailAddress> recipients;
    private Path file;
    private CountingOutput output;

    StagedMailEnvelope(Path stagingDirectory, MaybeSender sender, List<MailAddress> recipients) {
        this.stagingDirectory = stagingDirectory;
        this.sender = sender;
        this.recipients = List.copyOf(recipients);
    }

    @Override
    public long getSize() {
        return output == null ? -1 : output.count;
    }

    @Override
    public List<MailAddress> getRecipients() {
        return recipients;
    }

    @Override
    public MaybeSender getMaybeSender() {
        return sender;
    }

    @Override
    public synchronized OutputStream getMessageOutputStream() throws IOException {
        if (output == null) {
            file = Files.createTempFile(stagingDirectory, FILE_PREFIX, ".eml");
            output = new CountingOutput(Files.newOutputStream(file));
        }
        return output;
    }

    @Override
    public synchronized InputStream getMessageInputStream() throws IOException {
        if (file == null) {
            return InputStream.nullInputStream();
        }
        output.close();
        return Files.newInputStream(file);
    }

    /** Closes and deletes the staging file; safe to call more than once. */
    synchronized void discard() {
        try {
            if (output != null) {
                output.close();
            }
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete staging file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Buffers and counts; James flushes after every DATA line, which would be one write system call per line,
     * so flush is a no-op and only close writes the rest out.
     */
    private static final class CountingOutput extends BufferedOutputStream {
        private long count;
        private boolean closed;

        CountingOutput(OutputStream out) {
            super(out, BUFFER);
        }

        @Override
        public synchronized void write(int b) throws IOException {
            super.write(b);
            count++;
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            super.write(b, off, len);
            count += len;
        }

        @Override
        public void flush() {
        }

        @Override
        public synchronized void close() throws IOException {
            if (!closed) {
                closed = true;
                super.flush();
                out.close();
            }
        }
    }
}
