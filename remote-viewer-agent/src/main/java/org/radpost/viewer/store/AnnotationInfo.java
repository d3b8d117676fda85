package org.radpost.viewer.store;

import java.time.Instant;
import org.radpost.wire.SopInstanceUid;

/** An annotation saved for an image; shapesJson is what the page drew (empty for received overlays). */
public record AnnotationInfo(SopInstanceUid sopInstanceUid, SopInstanceUid imageSopInstanceUid, boolean local, String reader,
                             String shapesJson, Instant createdAt) {
}
