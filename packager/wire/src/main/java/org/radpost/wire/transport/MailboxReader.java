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
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.eclipse.angus.mail.pop3.POP3Folder;
import org.radpost.wire.internal.DurableFiles;
import org.radpost.wire.read.MessageReader;
import org.radpost.wire.read.ReadMessage;
import org.radpost.wire.read.WireFormatException;
import org.radpost.wire.smime.Certificates;
import org.radpost.wire.smime.DataCenterMail;
import org.radpost.wire.smime.SmimeException;
import org.radpost.wire.smime.SmimeFailure;
import org.radpost.wire.tls.TlsIdentity;

/**
 * Reads a mailbox at the data center over POP3S: each message is streamed to a file in {@code inbox/}, fsynced,
 * parsed and checked, and only then marked for deletion, which the server commits at QUIT. A connection lost on
 * the way deletes nothing, so nothing is lost; a message read twice is recognised by its POP3 UID. A message
 * sealed with S/MIME is opened with the party's key first (the plain copy lives only while it is read); one that
 * fails the check (not the data center's signature, tampered, untrusted CA...) is refused: kept in {@code refused/}
 * with its reason, taken out of the mailbox, never read.
 */
public final class MailboxReader {
    private final Pop3Settings settings;
    private final Path folder;
    private final DataCenterMail sealedMail;
    private final MessageReader reader = new MessageReader();

    /** A reader without an S/MIME key: sealed messages stay in the mailbox and in {@code inbox/}, listed as problems. */
    public MailboxReader(Pop3Settings settings, Path folder) throws IOException {
        this(settings, folder, null);
    }

    /** A reader that opens S/MIME mail with {@code sealedMail} (null: none configured). */
    public MailboxReader(Pop3Settings settings, Path folder, DataCenterMail sealedMail) throws IOException {
        this.settings = settings;
        this.sealedMail = sealedMail;
        this.folder = Files.createDirectories(folder);
        Files.createDirectories(folder.resolve("inbox"));
        Files.createDirectories(folder.resolve("objects"));
    }

    /**
     * One message read: its POP3 UID, where its file is kept, and what it carried (or why it could not be read);
     * {@code refusal} names the S/MIME check it failed when it was refused and kept in {@code refused/}.
     */
    public record Fetched(String uid, Path file, ReadMessage message, String problem, Optional<SmimeFailure> refusal) {
        public Fetched(String uid, Path file, ReadMessage message, String problem) {
            this(uid, file, message, problem, Optional.empty());
        }
    }

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
                    Fetched one = read(uid, file);
                    fetched.add(one);
                    if (one.message() != null || one.refusal().isPresent()) {
                        message.setFlag(jakarta.mail.Flags.Flag.DELETED, true);
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

    /** Reads the fetched file, through S/MIME when it came sealed. */
    private Fetched read(String uid, Path file) throws IOException {
        Path readable = file;
        Path opened = null;
        if (Certificates.isSealed(file)) {
            if (sealedMail == null) {
                // A configuration gap, not a bad message: it stays on the server until a key is configured.
                return new Fetched(uid, file, null, "sealed with S/MIME, but no S/MIME key is configured to open it"
                        + " (smime.keystore, smime.keystore.password, smime.datacenter-certificate)");
            }
            opened = folder.resolve("objects").resolve(UUID.randomUUID() + ".opened.eml");
            try {
                sealedMail.open(file, opened);
            } catch (SmimeException e) {
                return refuse(uid, file, e);
            }
            readable = opened;
        }
        try (InputStream in = Files.newInputStream(readable)) {
            ReadMessage read = reader.read(in, folder.resolve("objects").resolve(UUID.randomUUID().toString()));
            return new Fetched(uid, file, read, "");
        } catch (WireFormatException e) {
            return new Fetched(uid, file, null, e.getMessage());
        } finally {
            if (opened != null) {
                Files.deleteIfExists(opened);
            }
        }
    }

    /** Sets a message that failed its S/MIME check aside in {@code refused/}, with its reason beside it; never read. */
    private Fetched refuse(String uid, Path file, SmimeException e) throws IOException {
        Path refused = Files.createDirectories(folder.resolve("refused"));
        Path kept = refused.resolve(file.getFileName());
        String why = e.failure().reasonCode() + ": " + e.getMessage();
        DurableFiles.write(refused.resolve(file.getFileName() + ".txt"), (why + System.lineSeparator())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        DurableFiles.move(file, kept);
        return new Fetched(uid, kept, null, "refused, kept in " + refused + ": " + why, Optional.of(e.failure()));
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
