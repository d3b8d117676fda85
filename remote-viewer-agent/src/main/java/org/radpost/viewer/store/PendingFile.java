package org.radpost.viewer.store;

import java.nio.file.Path;
import org.radpost.wire.ObjectType;
import org.radpost.wire.SopInstanceUid;

/** A stored object the extractor has not indexed yet, with the message it came in. */
public record PendingFile(long id, SopInstanceUid sopInstanceUid, ObjectType type, Path file, ArrivedMessage message) {
}
