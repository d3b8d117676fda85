package org.radpost.archiver;

/**
 * The archive could not do what was asked (an unreadable source file, a checksum that does not match,
 * a volume that cannot be written); the message names the object or volume and what to do.
 */
public class ArchiveException extends RuntimeException {
    public ArchiveException(String message) {
        super(message);
    }

    public ArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
