package org.radpost.viewer.extract;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.radpost.wire.DicomSummary;
import org.radpost.wire.dicom.DicomFileException;
import org.radpost.wire.dicom.DicomHeaderReader;
import org.radpost.viewer.report.SrText;
import org.radpost.viewer.store.Inbox;
import org.radpost.viewer.store.PendingFile;
import org.radpost.viewer.store.StudyIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes stored objects in the background: reads each file's DICOM header (never its pixels) and relates it to
 * its patient, study and series. Woken by the poller after each commit, and every few seconds regardless.
 */
public final class Extractor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Extractor.class);
    private static final int BATCH = 200;

    private final Inbox inbox;
    private final StudyIndex index;
    private final DicomHeaderReader reader = new DicomHeaderReader();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "viewer-extractor");
        t.setDaemon(true);
        return t;
    });

    public Extractor(Inbox inbox, StudyIndex index) {
        this.inbox = inbox;
        this.index = index;
    }

    public void start() {
        worker.scheduleWithFixedDelay(this::drainQuietly, 0, 5, TimeUnit.SECONDS);
    }

    /** Asks the background worker to drain the inbox now. */
    public void wake() {
        worker.execute(this::drainQuietly);
    }

    /** Indexes everything pending; returns how many objects were handled. Runs in the caller's thread. */
    public synchronized int drain() {
        int handled = 0;
        for (List<PendingFile> batch = inbox.pending(BATCH); !batch.isEmpty(); batch = inbox.pending(BATCH)) {
            for (PendingFile file : batch) {
                extract(file);
                handled++;
            }
        }
        return handled;
    }

    private void extract(PendingFile file) {
        try {
            DicomSummary summary = reader.read(file.file());
            switch (file.type()) {
                case IMAGE -> index.addImage(file, summary);
                case REPORT -> index.addReceivedReport(file, summary, SrText.of(file.file()));
                case OVERLAY -> index.addReceivedAnnotation(file, summary);
                default -> inbox.markFailed(file.id(), "a " + file.type().token() + " object is not indexed by the viewer");
            }
        } catch (DicomFileException e) {
            // A verified file that cannot be read is kept and flagged, never retried in a loop.
            log.warn("cannot index {} ({}): {}", file.sopInstanceUid(), file.file(), e.getMessage());
            inbox.markFailed(file.id(), e.getMessage());
        }
    }

    private void drainQuietly() {
        try {
            drain();
        } catch (RuntimeException e) {
            log.error("the extractor failed and will try again: {}", e.toString(), e);
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
