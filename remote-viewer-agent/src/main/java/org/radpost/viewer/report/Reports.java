package org.radpost.viewer.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.radpost.wire.StudyUid;
import org.radpost.viewer.outbox.Outbox;
import org.radpost.viewer.outbox.OutboxSender;
import org.radpost.viewer.store.OutgoingKind;
import org.radpost.viewer.outbox.ReturnRoute;
import org.radpost.viewer.store.ImageInfo;
import org.radpost.viewer.store.SeriesInfo;
import org.radpost.viewer.store.Studies;
import org.radpost.viewer.store.StudyIndex;
import org.radpost.viewer.store.StudyInfo;

/** Signs off a study: the Basic Text SR and its text, the study marked reported, the report queued to send. */
public final class Reports {
    private final Studies studies;
    private final StudyIndex index;
    private final Outbox outbox;
    private final OutboxSender sender;
    private final ReturnRoute route;
    private final String readerName;
    private final Path folder;
    private final BasicTextSrWriter writer = new BasicTextSrWriter();

    public Reports(Studies studies, StudyIndex index, Outbox outbox, OutboxSender sender, ReturnRoute route,
                   String readerName, Path folder) {
        this.studies = studies;
        this.index = index;
        this.outbox = outbox;
        this.sender = sender;
        this.route = route;
        this.readerName = readerName;
        this.folder = folder;
    }

    public BasicTextSrWriter.Written submit(StudyUid studyUid, ReportDraft draft) throws IOException {
        StudyInfo study = studies.find(studyUid)
                .orElseThrow(() -> new IllegalArgumentException("no study " + studyUid + " in the local database"));
        ImageInfo anyImage = studies.series(studyUid).stream().map(SeriesInfo::images).flatMap(List::stream).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("study " + studyUid + " has no images here yet to report on"));
        BasicTextSrWriter.Written written = writer.write(anyImage.file(), draft, readerName, folder);
        index.addLocalReport(studyUid, written.sopInstanceUid(), readerName, draft.findings(), draft.impression(),
                written.file());
        outbox.queueObject(OutgoingKind.REPORT, written.file(), route.addressing(study));
        sender.wake();
        return written;
    }
}
