package org.radpost.packager.prune;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.radpost.wire.ObjectType;
import org.radpost.wire.StudyUid;
import org.radpost.wire.internal.DurableFiles;
import org.radpost.wire.read.ReadMessage;
import org.radpost.wire.read.ReceivedObject;
import org.radpost.wire.transport.MailboxReader;
import org.radpost.wire.receipt.Receipt;

/**
 * Empties the center's mailbox at the data center: every receipt goes into the ledger, every report and overlay
 * the radiologist sent back goes to {@code results/<study UID>/}. A message that cannot be read stays in the
 * mailbox reader's {@code inbox/} (and on the server) and is listed as a problem. A sealed (S/MIME) message that
 * fails its check (not signed by the data center, tampered, untrusted CA) is refused: listed with its reason,
 * kept in the reader's {@code refused/}, and nothing it says is recorded.
 */
public final class ReceiptCollector {
    private final MailboxReader mailbox;
    private final ReceiptLedger ledger;
    private final Path results;

    public ReceiptCollector(MailboxReader mailbox, ReceiptLedger ledger, Path results) {
        this.mailbox = mailbox;
        this.ledger = ledger;
        this.results = results;
    }

    /**
     * What one fetch brought: receipts recorded, result files saved, studies touched, unreadable messages, and
     * messages refused by their S/MIME check (file and reason code).
     */
    public record Collected(List<Receipt> receipts, List<Path> results, Set<StudyUid> studies, List<String> problems,
                            List<String> refused) {}

    /** Fetches every waiting message; each receipt is durably in the ledger before the server deletes it at QUIT. */
    public Collected collect() throws IOException {
        List<Receipt> receipts = new ArrayList<>();
        List<Path> saved = new ArrayList<>();
        Set<StudyUid> studies = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (MailboxReader.Fetched fetched : mailbox.fetchAll()) {
            ReadMessage message = fetched.message();
            if (fetched.refusal().isPresent()) {
                refused.add(fetched.file() + ": " + fetched.problem());
                continue;
            }
            if (message == null) {
                problems.add(fetched.file() + ": " + fetched.problem());
                continue;
            }
            studies.add(message.studyUid());
            if (message.receipt().isPresent()) {
                ledger.record(message.receipt().get());
                receipts.add(message.receipt().get());
            }
            for (ReceivedObject object : message.objects()) {
                if (object.type() == ObjectType.REPORT || object.type() == ObjectType.OVERLAY) {
                    saved.add(save(message.studyUid(), object));
                }
            }
        }
        return new Collected(receipts, saved, studies, problems, refused);
    }

    /** Named by type and UID, so the same object fetched twice lands on the same file. */
    private Path save(StudyUid study, ReceivedObject object) throws IOException {
        Path folder = Files.createDirectories(results.resolve(study.value()));
        Path target = folder.resolve(object.type().token() + "-" + object.sopInstanceUid().value() + ".dcm");
        if (Files.exists(target)) {
            DurableFiles.delete(object.file());
        } else {
            DurableFiles.move(object.file(), target);
        }
        try {
            Files.deleteIfExists(object.file().getParent()); // the reader's work folder for this message, now empty
        } catch (DirectoryNotEmptyException e) {
            // other objects of the same message are still to be moved
        }
        return target;
    }
}
