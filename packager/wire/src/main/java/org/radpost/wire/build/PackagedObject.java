package org.radpost.wire.build;

import java.nio.file.Path;
import org.radpost.wire.DicomSummary;
import org.radpost.wire.Sha256;

/** One DICOM file ready to send: where it is, what its header says, its checksum and size. */
public record PackagedObject(Path file, DicomSummary summary, Sha256 sha256, long size) {

    /** The size of this object once base64-encoded in a message, with line breaks and part headers. */
    public long encodedSize() {
        long base64 = (size + 2) / 3 * 4;
        return base64 + base64 / 76 * 2 + 1024;
    }
}
