package org.radpost.datacenter.receipt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.Session;
import org.radpost.datacenter.deliver.Delivery;
import org.radpost.datacenter.smime.DataCenterSmime;
import org.radpost.datacenter.spool.Spool;
import org.radpost.wire.StudyUid;
import org.radpost.wire.receipt.Receipt;
import org.radpost.wire.receipt.ReceiptEntry;
import org.radpost.wire.receipt.ReceiptStatus;
import org.radpost.wire.receipt.ReceiptWriter;

/**
 * Puts receipts (RFC 8098 notifications) into an account's mailbox, in the caller's transaction. The caller says
 * what happened to which message; {@link Answered} completes what the receipt names from the tracking database
 * (the messages it answers, whose disposition it reports, the objects concerned), as docs/wire-format.md says.
 * An account whose S/MIME certificate the directory holds gets its receipts sealed: signed with the data center's
 * key, encrypted to that certificate (the same rule the Unseal step applies to what the account sends).
 */
public final class ReceiptMailer {
    private final Spool spool;
    private final String dataCenterAddress;
    private final Clock clock;
    private final DataCenterSmime smime;
    private final ReceiptWriter writer = new ReceiptWriter();

    /** A mailer that writes every receipt plain (for tools and tests without the data center's S/MIME key). */
    public ReceiptMailer(Spool spool, String dataCenterAddress, Clock clock) {
        this(spool, dataCenterAddress, clock, null);
    }

    /** A mailer that seals receipts for accounts with a certificate in the directory ({@code smime} null: none). */
    public ReceiptMailer(Spool spool, String dataCenterAddress, Clock clock, DataCenterSmime smime) {
        this.spool = spool;
        this.dataCenterAddress = dataCenterAddress;
        this.clock = clock;
        this.smime = smime;
    }

    /**
     * Writes the receipt file (fsynced) and queues it in {@code to}'s mailbox.
     *
     * @param originalMessageId the message this answers; blank when it answers the study as a whole (a resend
     *                          request, an expiry notice), which then names the messages {@code to} sent of it
     * @param objects the objects concerned; when empty, a delivered, quarantined or resend-requested receipt names
     *                the objects its messages carried
     */
    public void send(Session session, ReceiptStatus status, String to, String studyUid, String originalMessageId,
                     String reason, String explanation, List<ReceiptEntry> objects) {
        send(session, new Notice(status, to, studyUid, originalMessageId, reason, explanation, objects));
    }

    /** As above, for a step's notice, which may name whose disposition it reports. */
    public void send(Session session, Notice notice) {
        Receipt stated = new Receipt(notice.status(), dataCenterAddress, notice.to(), StudyUid.of(notice.studyUid()),
                notice.originalMessageId(), notice.reason(), notice.explanation(), notice.objects(), clock.instant(),
                notice.finalRecipient(), List.of());
        write(session, new Answered(session).complete(stated));
    }

    private void write(Session session, Receipt receipt) {
        String to = receipt.to();
        String studyUid = receipt.studyUid().value();
        try {
            Path file = spool.mailbox(to).resolve(spool.fileName(".eml"));
            Optional<X509Certificate> recipient = smime == null ? Optional.empty() : smime.directory().of(to);
            if (recipient.isPresent()) {
                writeSealed(receipt, recipient.get(), file);
            } else {
                writer.write(receipt, file);
            }
            Spool.fsyncFolder(file.getParent());
            session.persist(new Delivery(UUID.randomUUID().toString(), to, StudyUid.of(studyUid), Delivery.Kind.RECEIPT, null,
                    file.toString(), Files.size(file), org.radpost.wire.Priority.STAT, clock.instant()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the " + receipt.status().token() + " receipt for study " + studyUid, e);
        }
    }

    /** The plain receipt lives only in the private work folder; the mailbox gets the sealed file, fsynced, whole. */
    private void writeSealed(Receipt receipt, X509Certificate recipient, Path file) throws IOException {
        Path work = spool.newWorkFolder();
        try {
            Path plain = work.resolve("receipt.eml");
            writer.write(receipt, plain);
            Path sealed = work.resolve("receipt.sealed");
            smime.seal(plain, recipient, sealed);
            try (FileChannel channel = FileChannel.open(sealed, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(sealed, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Spool.deleteQuietly(work);
        }
    }

    public String dataCenterAddress() {
        return dataCenterAddress;
    }
}
