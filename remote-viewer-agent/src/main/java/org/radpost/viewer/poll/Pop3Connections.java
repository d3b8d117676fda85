package org.radpost.viewer.poll;

import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Ending a POP3 session, describing why one failed, and clearing a message's work folder. */
final class Pop3Connections {
    private static final Logger log = LoggerFactory.getLogger(MailboxPoller.class);

    private Pop3Connections() {}

    /** Closes the session; with {@code expunge} the flagged messages are deleted at QUIT, without it none are. */
    static void close(Folder folder, Store store, boolean expunge) {
        try {
            if (folder != null && folder.isOpen()) {
                folder.close(expunge);
            }
        } catch (MessagingException | RuntimeException e) {
            log.debug("closing the mailbox failed (the server keeps every message): {}", e.toString());
        }
        try {
            if (store != null) {
                store.close();
            }
        } catch (MessagingException | RuntimeException e) {
            log.debug("closing the POP3 connection failed: {}", e.toString());
        }
    }

    static String describe(Exception e) {
        Throwable root = e;
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            text.append(": ").append(root.getMessage());
        }
        return text.toString();
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
