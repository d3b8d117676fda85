package org.radpost.viewer.store;

import java.nio.file.Path;
import org.radpost.wire.ObjectType;
import org.radpost.wire.Sha256;
import org.radpost.wire.SopInstanceUid;

/** A verified object whose file is already on local disk. */
public record StoredObject(SopInstanceUid sopInstanceUid, ObjectType type, Path file, Sha256 sha256, long size) {
}
