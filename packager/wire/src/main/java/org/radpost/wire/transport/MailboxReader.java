package org.radpost.wire.transport;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.eclipse.angus.mail.pop3.POP3Folder;
import org.radpost.wire.internal.DurableFiles;
import org.radpost.wire.read.MessageReader;
import org.radpost.wire.read.ReadMessage;
import org.radpost.wire.read.WireFormatException;
import org.radpost.wire.tls.TlsIdentity;

/**
 * Reads a mailbox at the data center over POP3S: each message is streamed to a file in {@code inbox/}, fsynced,
 * parsed and checked, and only then marked for deletion, which the server commits at QUIT. A connection lost on
 * the way deletes nothing, so nothing is lost; a message read twice is recognised by its POP3 UID.
 */
public final class MailboxReader {
    private final Pop3Settings settings;
    private final Path folder;
    private final MessageReader reader = new MessageReader();

    public MailboxReader(Pop3Settings settings, Path folder) throws IOException {
        this.settings = settings;
        this.folder = Files.createDirectories(folder);
        Files.createDirectories(folder.resolve("inbox"));
        Files.createDirectories(folder.resolve("objects"));
    }

    /** One message read: its POP3 UID, where its file is kept, and what it carried (or why it could not be read). */
    public record Fetched(String uid, Path file, ReadMessage message, String problem) {}

    /** Fetches every waiting message; messages that cannot be read are kept in {@code inbox/} and not deleted. */
    public List<Fetched> fetchAll() throws IOException {
        Properties props = new Properties();
        props.put("mail.pop3s.host", settings.host());
        props.put("mail.pop3s.port", Integer.toString(settings.port()));
        props.put("mail.pop3s.ssl.checkserveridentity", "true");
        props.put("mail.pop3s.ssl.socketFactory",
                TlsIdentity.clientContext(settings.trustStore(), settings.trustStorePassword().toCharArray()).getSocketFactory());
        props.put("mail.pop3s.connectiontimeout", "20000");
        props.put("mail.pop3s.timeout", "120000");
        // Messages go to temporary files, not the heap, while they are read.
        props.put("mail.pop3s.filecache.enable", "true");
        Session session = Session.getInstance(props);
        List<Fetched> fetched = new ArrayList<>();
        try (Store store = session.getStore("pop3s")) {
            store.connect(settings.host(), settings.port(), settings.user(), settings.password());
            POP3Folder inbox = (POP3Folder) store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            try {
                for (Message message : inbox.getMessages()) {
                    String uid = inbox.getUID(message);
                    Path file = folder.resolve("inbox").resolve(safe(uid) + ".eml");
                    if (!Files.exists(file)) {
                        write(message, file);
                    }
                    try (InputStream in = Files.newInputStream(file)) {
                        ReadMessage read = reader.read(in, folder.resolve("objects").resolve(UUID.randomUUID().toString()));
                        fetched.add(new Fetched(uid, file, read, ""));
                        message.setFlag(jakarta.mail.Flags.Flag.DELETED, true);
                    } catch (WireFormatException e) {
                        fetched.add(new Fetched(uid, file, null, e.getMessage()));
                    }
                }
            } finally {
                inbox.close(true);
            }
        } catch (MessagingException e) {
            throw new IOException("cannot read the mailbox of " + settings.user() + " at " + settings.host() + ":"
                    + settings.port() + ": " + e.getMessage(), e);
        }
        return fetched;
    }

    private static void write(Message message, Path file) throws IOException {
        DurableFiles.write(file, out -> {
            try {
                message.writeTo(out);
            } catch (MessagingException e) {
                throw new IOException("cannot read message " + file.getFileName() + " from the server: " + e.getMessage(), e);
            }
        });
    }

    private static String safe(String uid) {
        return uid.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
