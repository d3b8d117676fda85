package org.radpost.packager.read;

import java.nio.file.Path;
import java.util.Optional;
import org.radpost.packager.DicomSummary;
import org.radpost.packager.ObjectType;
import org.radpost.packager.Sha256;
import org.radpost.packager.SopInstanceUid;

/** One object taken out of a message, checked, and stored as a file in the reader's work folder. */
public record ReceivedObject(
        ObjectType type,
        SopInstanceUid sopInstanceUid,
        Optional<SopInstanceUid> referencedSopInstanceUid,
        Sha256 sha256,
        long size,
        Path file,
        DicomSummary summary) {}
