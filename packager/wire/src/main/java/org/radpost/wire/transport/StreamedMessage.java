package org.radpost.wire.transport;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.SharedFileInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/**
 * A message file sent as it is: parsed over a {@link SharedFileInputStream} so the body stays on disk
 * (Jakarta Mail would otherwise read it into heap), never re-saved (the Message-ID must not change), and
 * counting body bytes as the transport reads them for the progress bar.
 */
final class StreamedMessage extends MimeMessage {
    private final LongConsumer bytesRead;

    StreamedMessage(Session session, SharedFileInputStream file, LongConsumer bytesRead) throws MessagingException {
        super(session, file);
        this.bytesRead = bytesRead;
    }

    @Override
    protected InputStream getContentStream() throws MessagingException {
        return new Counting(super.getContentStream(), bytesRead);
    }

    private static final class Counting extends FilterInputStream {
        private final LongConsumer bytesRead;

        Counting(InputStream in, LongConsumer bytesRead) {
            super(in);
            this.bytesRead = bytesRead;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                bytesRead.accept(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                bytesRead.accept(n);
            }
            return n;
        }
    }
}
