package org.radpost.datacenter.smtp;

import java.io.IOException;
import java.io.InputStream;

/**
 * Receives each message the SMTP server accepted at the end of DATA. The server answers only after this returns,
 * so an implementation must store the message durably (write, fsync, commit) before returning
 * {@link SinkResult.Accepted}. The stream reads the message from a staging file on disk, never from heap; the
 * server deletes that file once this method returns. An exception is answered {@code 451 4.3.0}.
 */
@FunctionalInterface
public interface MessageSink {

    SinkResult accept(Envelope envelope, InputStream message) throws IOException;
}
