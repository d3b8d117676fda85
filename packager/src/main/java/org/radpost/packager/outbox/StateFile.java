package org.radpost.packager.outbox;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import org.radpost.wire.internal.DurableFiles;

/** Reads and writes an entry's {@code <id>.state} file (Java properties, readable by an operator). */
final class StateFile {
    private StateFile() {}

    static void write(OutboxEntry entry, Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("state", entry.state().token());
        p.setProperty("attempts", Integer.toString(entry.attempts()));
        p.setProperty("next-attempt", entry.nextAttempt().toString());
        entry.lastReason().ifPresent(reason -> p.setProperty("last-reason", reason));
        p.setProperty("message-id", entry.messageId());
        p.setProperty("study-uid", entry.studyUid());
        p.setProperty("part", entry.part());
        p.setProperty("to", entry.to());
        p.setProperty("size", Long.toString(entry.size()));
        p.setProperty("enqueued", entry.enqueuedAt().toString());
        StringWriter out = new StringWriter();
        p.store(out, "RadPost outbox entry " + entry.id());
        DurableFiles.write(file, out.toString().getBytes(StandardCharsets.UTF_8));
    }

    static OutboxEntry read(String id, Path eml, Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        try {
            return new OutboxEntry(id, eml, p.getProperty("message-id", ""), p.getProperty("study-uid", ""),
                    p.getProperty("part", ""), p.getProperty("to", ""), Long.parseLong(p.getProperty("size", "0")),
                    OutboxState.ofToken(p.getProperty("state", "queued")), Integer.parseInt(p.getProperty("attempts", "0")),
                    Instant.parse(p.getProperty("next-attempt", Instant.EPOCH.toString())),
                    Optional.ofNullable(p.getProperty("last-reason")), Instant.parse(p.getProperty("enqueued", Instant.EPOCH.toString())));
        } catch (RuntimeException e) {
            throw new IOException("outbox state file " + file + " is damaged (" + e.getMessage()
                    + "); delete it and the message is queued again", e);
        }
    }
}
