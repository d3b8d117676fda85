package org.radpost.viewer.poll;

import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.radpost.viewer.fault.FaultPoint;
import org.radpost.viewer.store.ArrivedMessage;
import org.radpost.viewer.store.Inbox;
import org.radpost.viewer.store.StoredObject;
import org.radpost.wire.read.MessageReader;
import org.radpost.wire.read.ReadMessage;
import org.radpost.wire.read.ReceivedObject;
import org.radpost.wire.read.WireFormatException;
import org.radpost.wire.smime.SmimeException;
import org.radpost.wire.smime.SmimeFailure;
import org.radpost.wire.tls.OwnerOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches one listed message and commits it: streamed from Jakarta Mail's file cache through the wire library's
 * {@link MessageReader}, which verifies it (opened first when it came sealed); its objects are moved into the data
 * folder and committed to the inbox, and only then is the message flagged for deletion, which the server carries out
 * at QUIT. A message already committed (by Message-ID) is flagged without a download. The main session and the STAT
 * lane each use their own instance (the reader is not shared between threads) over the same inbox and folders.
 */
final class MessageFetcher {
    private static final Logger log = LoggerFactory.getLogger(MailboxPoller.class);

    private final Inbox inbox;
    private final Path incoming;
    private final Path objects;
    private final Path rejected;
    private final Runnable afterCommit;
    private final SealedMail sealedMail;
    private final MessageReader reader = new MessageReader();

    /** {@code sealedMail} null: S/MIME mail is refused. */
    MessageFetcher(Inbox inbox, Path incoming, Path objects, Path rejected, Runnable afterCommit, SealedMail sealedMail) {
        this.inbox = inbox;
        this.incoming = incoming;
        this.objects = objects;
        this.rejected = rejected;
        this.afterCommit = afterCommit;
        this.sealedMail = sealedMail;
    }

    void fetch(Message message, Counts counts) throws MessagingException, IOException {
        String[] ids = message.getHeader("Message-ID");
        String messageId = ids == null || ids.length == 0 ? null : ids[0].trim();
        if (messageId != null && inbox.hasMessage(messageId)) {
            message.setFlag(Flags.Flag.DELETED, true);
            counts.duplicates.incrementAndGet();
            return;
        }
        String name = UUID.randomUUID().toString();
        Path work = incoming.resolve(name);
        try {
            ReadMessage read;
            try (InputStream in = readable(message, work)) {
                read = reader.read(in, work);
            } catch (WireFormatException e) {
                // Not our wire format: keep it for the admin, take it out of the mailbox so it does not block polling.
                refuse(message, name, messageId, e.error().code(), e.getMessage(), counts);
                return;
            } catch (SmimeException e) {
                refuse(message, name, messageId, e.failure().reasonCode(), e.getMessage(), counts);
                return;
            }
            List<StoredObject> stored = new ArrayList<>();
            for (ReceivedObject object : read.objects()) {
                stored.add(keep(read, object));
                if (stored.size() == 1) {
                    FaultPoint.MID_EXTRACT.reached();
                }
            }
            Instant now = Instant.now();
            ArrivedMessage arrived = new ArrivedMessage(read.messageId(), read.from(), read.type(),
                    Optional.ofNullable(read.studyUid()), read.priority(), read.part().number(), read.part().count(),
                    read.part().totalObjects(), now, read.priorFor());
            if (inbox.record(arrived, stored)) {
                counts.stored.incrementAndGet();
            } else {
                counts.duplicates.incrementAndGet();
            }
            message.setFlag(Flags.Flag.DELETED, true);
            afterCommit.run();
        } finally {
            Pop3Connections.deleteTree(work);
        }
    }

    /** The message to read: as fetched, or its opened (decrypted, verified) copy in {@code work} when it came sealed. */
    private InputStream readable(Message message, Path work) throws MessagingException, IOException, SmimeException {
        InputStream raw = RawMessages.rawMessage(message);
        if (!SealedMail.isSealed(message)) {
            return raw;
        }
        if (sealedMail == null) {
            raw.close();
            throw new SmimeException(SmimeFailure.UNDECRYPTABLE, "this viewer agent has no S/MIME key (smime.keystore)");
        }
        try (raw) {
            return Files.newInputStream(sealedMail.open(raw, work));
        }
    }

    /** Keeps a refused message and why for the admin, and takes it out of the mailbox so it does not block polling. */
    private void refuse(Message message, String name, String messageId, String code, String why, Counts counts)
            throws IOException, MessagingException {
        Path kept = rejected.resolve(name + ".eml");
        RawMessages.download(message, kept);
        try (OutputStream out = OwnerOnly.replacing(rejected.resolve(name + ".txt"))) {
            out.write((why + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
        }
        log.warn("message {} refused ({}), kept as {}: {}", messageId, code, kept, why);
        message.setFlag(Flags.Flag.DELETED, true);
        counts.rejected.incrementAndGet();
    }

    /**
     * Moves a verified object to objects/<study>/<sop>.dcm and forces it to disk; a copy already there is kept. Two
     * sessions storing the same object at once both rename a verified copy onto the same name (POSIX rename replaces;
     * where the platform refuses, the first one stays).
     */
    private StoredObject keep(ReadMessage read, ReceivedObject object) throws IOException {
        Path folder = OwnerOnly.folder(objects.resolve(object.summary().studyInstanceUid().value()));
        Path target = folder.resolve(object.sopInstanceUid().value() + ".dcm");
        if (!Files.exists(target)) {
            try {
                Files.move(object.file(), target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                // kept a moment ago by the other session: that verified copy stays
            }
            try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
        }
        return new StoredObject(object.sopInstanceUid(), object.type(), target, object.sha256(), object.size());
    }
}
