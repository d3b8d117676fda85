package org.radpost.viewer.receipt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.radpost.wire.ObjectType;
import org.radpost.wire.StudyUid;
import org.radpost.wire.receipt.Receipt;
import org.radpost.wire.receipt.ReceiptEntry;
import org.radpost.wire.receipt.ReceiptStatus;
import org.radpost.wire.receipt.ReceiptWriter;
import org.radpost.viewer.background.BackgroundLoop;
import org.radpost.viewer.fault.FaultPoint;
import org.radpost.viewer.outbox.Outbox;
import org.radpost.viewer.outbox.OutboxSender;
import org.radpost.viewer.outbox.ReturnRoute;
import org.radpost.viewer.store.Inbox;
import org.radpost.viewer.store.SeriesInfo;
import org.radpost.viewer.store.Studies;
import org.radpost.viewer.store.StudyIndex;
import org.radpost.viewer.store.StudyInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the "viewed" receipt once per study and reader, in the background when the study is first opened: the
 * receipt is written to the outgoing folder and its row committed together with the once-only marker.
 */
public final class ViewedReceipts implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ViewedReceipts.class);

    private final Studies studies;
    private final StudyIndex index;
    private final Inbox inbox;
    private final Outbox outbox;
    private final OutboxSender sender;
    private final ReturnRoute route;
    private final ReceiptWriter writer = new ReceiptWriter();
    /** Studies opened whose receipt is still to be queued; the loop works through them in order. */
    private final Queue<StudyUid> opened = new ConcurrentLinkedQueue<>();
    private final BackgroundLoop<Void> loop = BackgroundLoop.of("viewer-receipts", Duration.ofSeconds(5), this::queueOpened);

    public ViewedReceipts(Studies studies, StudyIndex index, Inbox inbox, Outbox outbox,
                          OutboxSender sender, ReturnRoute route) {
        this.studies = studies;
        this.index = index;
        this.inbox = inbox;
        this.outbox = outbox;
        this.sender = sender;
        this.route = route;
    }

    /** Marks the study opened and, in the background, queues and sends its viewed receipt if not done before. */
    public void studyOpened(StudyUid study) {
        index.markOpened(study);
        FaultPoint.AFTER_VIEWED_COMMIT.reached();
        opened.add(study);
        loop.wake();
    }

    /**
     * Queues the receipts of studies opened before a crash that stopped the agent between committing the opening
     * and queueing the receipt; run at start-up, before the sender starts.
     */
    public void recover() {
        List<StudyUid> missing = outbox.queue().openedWithoutViewedReceipt(route.readerAddress());
        if (!missing.isEmpty()) {
            log.info("queueing the viewed receipt of {} study(ies) opened before the agent stopped", missing.size());
            opened.addAll(missing);
            queueOpened();
        }
    }

    private void queueOpened() {
        for (StudyUid study = opened.poll(); study != null; study = opened.poll()) {
            try {
                if (queueViewed(study)) {
                    sender.wake();
                }
            } catch (IOException | RuntimeException e) {
                log.error("could not queue the viewed receipt for study {}: {}", study, e.getMessage(), e);
            }
        }
    }

    /** Queues the receipt unless this reader's receipt for the study was queued before; true when queued now. */
    public boolean queueViewed(StudyUid study) throws IOException {
        String reader = route.readerAddress();
        if (alreadyQueued(study, reader)) {
            return false;
        }
        StudyInfo info = studies.find(study)
                .orElseThrow(() -> new IllegalArgumentException("no study " + study + " in the local database"));
        List<ReceiptEntry> images = studies.series(study).stream().map(SeriesInfo::images).flatMap(List::stream)
                .map(i -> ReceiptEntry.of(ObjectType.IMAGE, i.sopInstanceUid())).toList();
        // It answers the messages this viewer fetched (the center's, passed through the data center), first one first,
        // and reports this viewer's disposition.
        Receipt receipt = new Receipt(ReceiptStatus.VIEWED, reader, route.recipient(info), study,
                inbox.firstMessageId(study).orElse(""), "", null, images, Instant.now(), reader, inbox.messageIds(study));
        Path eml = outbox.folder().resolve("viewed-" + UUID.randomUUID() + ".eml");
        writer.write(receipt, eml);
        outbox.seal(eml);
        boolean queued = outbox.queue().queueViewedReceiptOnce(study, reader, eml);
        if (!queued) {
            Files.deleteIfExists(eml);
        }
        return queued;
    }

    private boolean alreadyQueued(StudyUid study, String reader) {
        return outbox.queue().viewedReceiptQueued(study, reader);
    }

    @Override
    public void close() {
        loop.close();
        queueOpened(); // studies opened just before closing still get their receipt queued
    }
}
