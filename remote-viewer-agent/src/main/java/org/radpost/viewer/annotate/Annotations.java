package org.radpost.viewer.annotate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.radpost.wire.SopInstanceUid;
import org.radpost.viewer.outbox.Outbox;
import org.radpost.viewer.outbox.OutboxSender;
import org.radpost.viewer.store.OutgoingKind;
import org.radpost.viewer.outbox.ReturnRoute;
import org.radpost.viewer.store.ImageInfo;
import org.radpost.viewer.store.Studies;
import org.radpost.viewer.store.StudyIndex;
import org.radpost.viewer.store.StudyInfo;

/** Saves what was drawn on an image: a presentation state file, its row, and its message to the data center. */
public final class Annotations {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Studies studies;
    private final StudyIndex index;
    private final Outbox outbox;
    private final OutboxSender sender;
    private final ReturnRoute route;
    private final String readerName;
    private final Path folder;
    private final PresentationStateWriter writer = new PresentationStateWriter();

    public Annotations(Studies studies, StudyIndex index, Outbox outbox, OutboxSender sender, ReturnRoute route,
                       String readerName, Path folder) {
        this.studies = studies;
        this.index = index;
        this.outbox = outbox;
        this.sender = sender;
        this.route = route;
        this.readerName = readerName;
        this.folder = folder;
    }

    /** Writes, records and queues the annotation; sending happens in the background. */
    public PresentationStateWriter.Written save(SopInstanceUid image, List<Shape> shapes) throws IOException {
        ImageInfo info = studies.image(image)
                .orElseThrow(() -> new IllegalArgumentException("no image " + image + " in the local database"));
        StudyInfo study = studies.find(info.studyUid()).orElseThrow();
        PresentationStateWriter.Written written = writer.write(info.file(), shapes, readerName, folder);
        index.addLocalAnnotation(image, written.sopInstanceUid(), readerName, json(shapes), written.file());
        outbox.queueObject(OutgoingKind.OVERLAY, written.file(), route.addressing(study));
        sender.wake();
        return written;
    }

    private static String json(List<Shape> shapes) {
        try {
            return JSON.writeValueAsString(shapes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("shapes are plain records and always serialise", e);
        }
    }
}
