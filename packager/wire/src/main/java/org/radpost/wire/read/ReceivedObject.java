package org.radpost.wire.read;

import java.nio.file.Path;
import java.util.Optional;
import org.radpost.wire.DicomSummary;
import org.radpost.wire.ObjectType;
import org.radpost.wire.Sha256;
import org.radpost.wire.SopInstanceUid;

/** One object taken out of a message, checked, and stored as a file in the reader's work folder. */
public record ReceivedObject(
        ObjectType type,
        SopInstanceUid sopInstanceUid,
        Optional<SopInstanceUid> referencedSopInstanceUid,
        Sha256 sha256,
        long size,
        Path file,
        DicomSummary summary) {}
