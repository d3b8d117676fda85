package org.radpost.viewer.outbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.radpost.wire.DicomSummary;
import org.radpost.wire.Priority;
import org.radpost.wire.Sha256;
import org.radpost.wire.StudyUid;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.PackagedObject;
import org.radpost.wire.build.StudyBatch;
import org.radpost.wire.dicom.DicomFileException;
import org.radpost.wire.dicom.DicomHeaderReader;
import org.radpost.viewer.poll.SealedMail;
import org.radpost.viewer.store.OutgoingKind;
import org.radpost.viewer.store.OutgoingMessage;
import org.radpost.viewer.store.OutgoingQueue;
import org.radpost.wire.tls.OwnerOnly;

/**
 * The outgoing folder: overlays and reports packaged with the packager's {@link MessageWriter}, receipts written by
 * the packager's receipt writer, each an .eml file on disk plus a QUEUED row the {@link OutboxSender} works through.
 */
public final class Outbox {
    private final OutgoingQueue queue;
    private final Path folder;
    private final MessageWriter writer = new MessageWriter();
    private final DicomHeaderReader headers = new DicomHeaderReader();

    private final SealedMail sealedMail;

    public Outbox(OutgoingQueue queue, Path folder) throws IOException {
        this(queue, folder, null);
    }

    /** With {@code sealedMail} every message is sealed (S/MIME) before it is queued, so it rests here encrypted. */
    public Outbox(OutgoingQueue queue, Path folder, SealedMail sealedMail) throws IOException {
        this.queue = queue;
        this.folder = OwnerOnly.folder(folder);
        this.sealedMail = sealedMail;
    }

    /** Seals a message written into the folder before its row is queued (nothing when S/MIME is not configured). */
    public void seal(Path eml) throws IOException {
        if (sealedMail != null) {
            sealedMail.sealInPlace(eml);
        }
    }

    public Path folder() {
        return folder;
    }

    /** The rows behind the folder. */
    public OutgoingQueue queue() {
        return queue;
    }

    /** Packages one DICOM object (an overlay or a report) and queues its message(s). */
    public List<Long> queueObject(OutgoingKind kind, Path dicomFile, Addressing addressing) throws IOException {
        DicomSummary summary;
        try {
            summary = headers.read(dicomFile);
        } catch (DicomFileException e) {
            throw new IOException("cannot package " + dicomFile + ": " + e.getMessage(), e);
        }
        PackagedObject object = new PackagedObject(dicomFile, summary, Sha256.of(dicomFile), Files.size(dicomFile));
        List<Path> emls = writer.write(addressing, new StudyBatch(summary.studyInstanceUid(), List.of(object)), folder);
        for (Path eml : emls) {
            seal(eml);
        }
        return queue.queue(kind, summary.studyInstanceUid(), emls);
    }

    /** Messages not yet sent (oldest first). */
    public List<OutgoingMessage> queued() {
        return queue.queued();
    }

    /** Everything queued for a study, oldest first. */
    public List<OutgoingMessage> forStudy(StudyUid study) {
        return queue.forStudy(study);
    }

    void markSent(long id) {
        queue.markSent(id);
    }

    void markAttemptFailed(long id, String error, boolean permanent) {
        queue.markAttemptFailed(id, error, permanent);
    }

    /** The addressing of what the viewer sends back: from the reader's mailbox, routine priority. */
    public static Addressing addressing(String from, String to) {
        return new Addressing(from, to, Priority.ROUTINE);
    }
}
