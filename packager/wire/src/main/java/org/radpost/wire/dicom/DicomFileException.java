package org.radpost.wire.dicom;

import java.nio.file.Path;

/** A file that cannot be sent as a DICOM object, with the file and the reason in words. */
public final class DicomFileException extends Exception {
    /** Why a file was refused; each reason has a stable code for logs and receipts. */
    public enum Reason {
        NOT_DICOM("not-dicom", "is not a DICOM file"),
        TRUNCATED("truncated", "is truncated"),
        UNREADABLE("unreadable", "could not be parsed as DICOM"),
        MISSING_ATTRIBUTE("missing-attribute", "lacks a required attribute"),
        /** An image SOP class whose file has no pixel data: a header-only image, not a cut file. */
        NO_PIXEL_DATA("no-pixel-data", "is an image without pixel data"),
        /** A DICOMDIR, README, viewer or autorun file of a CD/DVD export: not an object of a study. */
        MEDIA_FILE("media-file", "is a file of the CD/DVD export, not an object of a study"),
        INVALID_UID("invalid-uid", "carries an invalid UID");

        private final String code;
        private final String sentence;

        Reason(String code, String sentence) {
            this.code = code;
            this.sentence = sentence;
        }

        public String code() {
            return code;
        }

        public String sentence() {
            return sentence;
        }
    }

    private final Path file;
    private final Reason reason;

    public DicomFileException(Path file, Reason reason, String detail, Throwable cause) {
        super(file.getFileName() + " " + reason.sentence() + (detail == null || detail.isBlank() ? "" : ": " + detail), cause);
        this.file = file;
        this.reason = reason;
    }

    public DicomFileException(Path file, Reason reason, String detail) {
        this(file, reason, detail, null);
    }

    public Path file() {
        return file;
    }

    public Reason reason() {
        return reason;
    }
}
