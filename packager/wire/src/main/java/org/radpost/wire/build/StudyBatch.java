package org.radpost.wire.build;

import java.util.List;
import org.radpost.wire.StudyUid;

/** The objects of one study to send together, in a stable order (series, then instance number). */
public record StudyBatch(StudyUid studyUid, List<PackagedObject> objects) {
    public StudyBatch {
        objects = List.copyOf(objects);
        if (objects.isEmpty()) {
            throw new IllegalArgumentException("study " + studyUid + " has no objects to send");
        }
        for (PackagedObject object : objects) {
            if (!object.summary().studyInstanceUid().equals(studyUid)) {
                throw new IllegalArgumentException("object " + object.summary().sopInstanceUid()
                        + " belongs to study " + object.summary().studyInstanceUid() + ", not " + studyUid);
            }
        }
    }

    public long totalBytes() {
        return objects.stream().mapToLong(PackagedObject::size).sum();
    }
}
