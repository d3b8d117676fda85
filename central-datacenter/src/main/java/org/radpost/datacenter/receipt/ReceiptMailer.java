package org.radpost.datacenter.receipt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.hibernate.Session;
import org.radpost.datacenter.deliver.Delivery;
import org.radpost.datacenter.spool.Spool;
import org.radpost.wire.StudyUid;
import org.radpost.wire.receipt.Receipt;
import org.radpost.wire.receipt.ReceiptEntry;
import org.radpost.wire.receipt.ReceiptStatus;
import org.radpost.wire.receipt.ReceiptWriter;

/** Puts receipts (RFC 8098 notifications) into an account's mailbox, in the caller's transaction. */
public final class ReceiptMailer {
    private final Spool spool;
    private final String dataCenterAddress;
    private final Clock clock;
    private final ReceiptWriter writer = new ReceiptWriter();

    public ReceiptMailer(Spool spool, String dataCenterAddress, Clock clock) {
        this.spool = spool;
        this.dataCenterAddress = dataCenterAddress;
        this.clock = clock;
    }

    /** Writes the receipt file (fsynced) and queues it in {@code to}'s mailbox. */
    public void send(Session session, ReceiptStatus status, String to, String studyUid, String originalMessageId,
                     String reason, String explanation, List<ReceiptEntry> objects) {
        Receipt receipt = new Receipt(status, dataCenterAddress, to, StudyUid.of(studyUid), originalMessageId, reason,
                explanation, objects, clock.instant());
        try {
            Path file = spool.mailbox(to).resolve(UUID.randomUUID() + ".eml");
            writer.write(receipt, file);
            Spool.fsyncFolder(file.getParent());
            session.persist(new Delivery(UUID.randomUUID().toString(), to, StudyUid.of(studyUid), Delivery.Kind.RECEIPT, null,
                    file.toString(), Files.size(file), org.radpost.wire.Priority.STAT, clock.instant()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the " + status.token() + " receipt for study " + studyUid, e);
        }
    }

    public String dataCenterAddress() {
        return dataCenterAddress;
    }
}
