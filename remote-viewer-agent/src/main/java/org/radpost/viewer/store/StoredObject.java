package org.radpost.viewer.store;

import java.nio.file.Path;
import org.radpost.packager.ObjectType;
import org.radpost.packager.Sha256;
import org.radpost.packager.SopInstanceUid;

/** A verified object whose file is already on local disk. */
public record StoredObject(SopInstanceUid sopInstanceUid, ObjectType type, Path file, Sha256 sha256, long size) {
}
