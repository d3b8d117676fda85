package org.radpost.datacenter.archive;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.Session;
import org.radpost.archiver.ArchiveItem;
import org.radpost.archiver.ArchiveRecord;
import org.radpost.archiver.Archiver;
import org.radpost.datacenter.Stage;
import org.radpost.datacenter.StageResult;
import org.radpost.datacenter.directory.Center;
import org.radpost.datacenter.directory.Directory;
import org.radpost.datacenter.index.Indexer;
import org.radpost.datacenter.index.Instance;
import org.radpost.datacenter.index.Study;
import org.radpost.datacenter.receipt.Notice;
import org.radpost.datacenter.spool.MessageState;
import org.radpost.datacenter.spool.ReceivedMessage;
import org.radpost.datacenter.tracking.TrackingState;
import org.radpost.wire.DicomSummary;
import org.radpost.wire.ObjectType;
import org.radpost.wire.Sha256;
import org.radpost.wire.SopInstanceUid;
import org.radpost.wire.dicom.DicomHeaderReader;
import org.radpost.wire.receipt.ReceiptEntry;
import org.radpost.wire.receipt.ReceiptStatus;

/**
 * Hands every object of a message to the lifetime archive (TAR volumes by center and modality). Once the
 * archiver has fsynced and committed them, the center that sent them gets an archive receipt (a
 * storage-commitment notice), which lets its packager prune its local copies.
 */
public final class ArchiveStage implements Stage {
    private final Archiver archiver;
    private final Directory directory;
    private final DicomHeaderReader dicom = new DicomHeaderReader();

    public ArchiveStage(Archiver archiver, Directory directory) {
        this.archiver = archiver;
        this.directory = directory;
    }

    @Override
    public MessageState state() {
        return MessageState.ARCHIVE;
    }

    @Override
    public StageResult run(Session session, ReceivedMessage message) throws Exception {
        Study study = Indexer.studyByUid(session, message.studyUid().value()).orElse(null);
        if (study == null) {
            return StageResult.next(TrackingState.ARCHIVED, "nothing to archive: the study is not indexed");
        }
        Center center = directory.center(study.centerId()).orElseThrow(() -> new IllegalStateException(
                "center " + study.centerId() + " that sent study " + study.studyUid() + " is missing from the directory"));
        List<Instance> instances = session.createSelectionQuery("from Instance where messageId = :m", Instance.class)
                .setParameter("m", message.messageId()).getResultList();
        List<Instance> toArchive = new ArrayList<>();
        List<ArchiveItem> items = new ArrayList<>();
        for (Instance instance : instances) {
            if (instance.archivedAt() != null) {
                continue;   // archived on an earlier run (a release from quarantine routes the message again)
            }
            Path file = Path.of(instance.filePath());
            DicomSummary summary = dicom.read(file);
            toArchive.add(instance);
            items.add(ArchiveItem.of(center.code(), summary, file, new Sha256(instance.sha256())));
        }
        // One call for the whole message: one fsync and one commit per shelf instead of one per object. It returns
        // only when every object is durable, so the receipt below never names an object that is not.
        List<ArchiveRecord> records = items.isEmpty() ? List.of() : archiver.archiveAll(items);
        List<ReceiptEntry> archived = new ArrayList<>();
        Instant last = null;
        for (int i = 0; i < toArchive.size(); i++) {
            Instance instance = toArchive.get(i);
            instance.archived(records.get(i).archivedAt());
            last = records.get(i).archivedAt();
            archived.add(ReceiptEntry.of(instance.objectType(), SopInstanceUid.of(instance.sopInstanceUid())));
        }
        StageResult.Continue next = StageResult.next(TrackingState.ARCHIVED,
                archived.size() + " object(s) in the lifetime archive" + (last == null ? "" : " at " + last));
        if (archived.isEmpty() || !center.address().equalsIgnoreCase(message.account())) {
            return next;
        }
        return next.notify(new Notice(ReceiptStatus.ARCHIVED, center.address(), message.studyUid().value(), message.messageId(), "",
                "The " + archived.size() + " object(s) of study " + message.studyUid() + " in message part "
                        + message.partNumber() + "/" + message.partCount()
                        + " are stored in the lifetime archive; local copies may be pruned.", archived));
    }
}
