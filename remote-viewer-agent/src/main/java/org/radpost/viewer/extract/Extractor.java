package org.radpost.viewer.extract;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.TagFromName;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Optional;
import java.util.List;
import org.radpost.wire.DicomSummary;
import org.radpost.wire.dicom.DicomFileException;
import org.radpost.wire.dicom.DicomHeaderReader;
import org.radpost.viewer.background.BackgroundLoop;
import org.radpost.viewer.dicom.DicomTime;
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
    private final BackgroundLoop<Integer> loop = new BackgroundLoop<>("viewer-extractor", Duration.ofSeconds(5), this::drain);

    public Extractor(Inbox inbox, StudyIndex index) {
        this.inbox = inbox;
        this.index = index;
    }

    public void start() {
        loop.start(Duration.ofSeconds(5));
    }

    /** Asks the background worker to drain the inbox now. */
    public void wake() {
        loop.wake();
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
                case IMAGE -> index.addImage(file, summary, studyTime(file));
                case REPORT -> index.addReceivedReport(file, summary, studyTime(file), SrText.of(file.file()));
                case OVERLAY -> index.addReceivedAnnotation(file, summary);
                default -> inbox.markFailed(file.id(), "a " + file.type().token() + " object is not indexed by the viewer");
            }
        } catch (DicomFileException e) {
            // A verified file that cannot be read is kept and flagged, never retried in a loop.
            log.warn("cannot index {} ({}): {}", file.sopInstanceUid(), file.file(), e.getMessage());
            inbox.markFailed(file.id(), e.getMessage());
        }
    }

    /** The study's time, which the wire summary does not carry (a second, header-only read). */
    private Optional<LocalTime> studyTime(PendingFile file) throws DicomFileException {
        return DicomTime.parse(Attribute.getSingleStringValueOrEmptyString(reader.readAttributes(file.file()),
                TagFromName.StudyTime));
    }

    @Override
    public void close() {
        loop.close();
    }
}
