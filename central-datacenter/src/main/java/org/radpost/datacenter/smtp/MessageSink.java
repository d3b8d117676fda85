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

    /**
     * A message the SMTP edge refused itself, before {@link #accept} (see {@link EdgeRefusal}): record it and tell
     * the sender as for any other refusal. The default does nothing. Must not throw for a fault.
     */
    default void refused(Envelope envelope, EdgeRefusal refusal) {
    }

    /** The sink, then {@code after} once each message is accepted (or not); refusals pass straight through. */
    static MessageSink thenRun(MessageSink sink, Runnable after) {
        return new MessageSink() {
            @Override
            public SinkResult accept(Envelope envelope, InputStream message) throws IOException {
                try {
                    return sink.accept(envelope, message);
                } finally {
                    after.run();
                }
            }

            @Override
            public void refused(Envelope envelope, EdgeRefusal refusal) {
                sink.refused(envelope, refusal);
            }
        };
    }
}
