package org.radpost.viewer.poll;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Enumeration;
import org.radpost.viewer.fault.FaultPoint;
import org.radpost.wire.tls.OwnerOnly;

/** A fetched POP3 message as bytes: streamed from Angus' file cache, or written to a file for the admin. */
final class RawMessages {
    private RawMessages() {}

    /**
     * The message as the server sent it (header lines, blank line, undecoded body), read from the copy Angus already
     * keeps in its file cache. Copying it to a file of our own first cost a second write, read and fsync of every
     * message, and made nothing safer: nothing is deleted on the server before its objects are committed.
     */
    static InputStream rawMessage(Message message) throws MessagingException {
        MimeMessage mime = (MimeMessage) message;
        StringBuilder header = new StringBuilder();
        for (Enumeration<String> lines = mime.getAllHeaderLines(); lines.hasMoreElements(); ) {
            header.append(lines.nextElement()).append("\r\n");
        }
        header.append("\r\n");
        InputStream raw = new SequenceInputStream(
                new ByteArrayInputStream(header.toString().getBytes(StandardCharsets.ISO_8859_1)), mime.getRawInputStream());
        return new BufferedInputStream(new FilterInputStream(raw) {
            private long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0 && read < 4096 && (read += n) >= 4096) {
                    FaultPoint.MID_DOWNLOAD.reached();   // the crash tests' point between RETR and the commit
                }
                return n;
            }
        }, 64 * 1024);
    }

    static void download(Message message, Path raw) throws IOException, MessagingException {
        try (FileChannel channel = OwnerOnly.newChannel(raw);
             OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024)) {
            message.writeTo(out);
            out.flush();
            channel.force(true);
        }
    }

}
