package org.radpost.wire.dicom;

import java.nio.file.Path;
import org.radpost.wire.RejectReason;

/** A file that cannot be sent as a DICOM object, with the file and the reason in words. */
public final class DicomFileException extends Exception {
    private final Path file;
    private final RejectReason reason;

    public DicomFileException(Path file, RejectReason reason, String detail, Throwable cause) {
        super(file.getFileName() + " " + reason.aboutFile().orElse("is refused: " + reason.sentence()) + (detail == null || detail.isBlank() ? "" : ": " + detail), cause);
        this.file = file;
        this.reason = reason;
    }

    public DicomFileException(Path file, RejectReason reason, String detail) {
        this(file, reason, detail, null);
    }

    public Path file() {
        return file;
    }

    /** Why, in the vocabulary every part shares. */
    public RejectReason reason() {
        return reason;
    }
}
