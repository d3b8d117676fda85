package org.radpost.viewer.store;

import java.nio.file.Path;
import org.radpost.wire.SopInstanceUid;
import org.radpost.wire.StudyUid;

/** One stored image: where its file is and how many frames it holds. */
public record ImageInfo(StudyUid studyUid, SopInstanceUid sopInstanceUid, String modality, int instanceNumber, int frames,
                        String transferSyntaxUid, Path file) {
}
