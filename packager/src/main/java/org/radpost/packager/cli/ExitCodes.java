package org.radpost.packager.cli;

/** The packager's exit codes, one meaning each, listed in every command's --help. */
public final class ExitCodes {
    /** Everything given was sent (the server answered 250 for every message). */
    public static final int ALL_SENT = 0;
    /** Some files were skipped (not DICOM, truncated, ...); everything else was sent. */
    public static final int FILES_SKIPPED = 1;
    /** Some messages are not sent yet: they wait in the outbox and are retried ('packager daemon'). */
    public static final int QUEUED_FOR_RETRY = 2;
    /** The server refused some message for good (5xx); it is kept in the outbox with the reason. */
    public static final int REJECTED = 3;
    /** Nothing to send: no DICOM object among the files given (any skipped file is listed with its reason). */
    public static final int NOTHING_TO_SEND = 4;
    /** Wrong command line or settings; the message says what to fix. */
    public static final int USAGE = 64;
    /** A file or folder given does not exist (a misspelled path?); nothing was sent. */
    public static final int NO_INPUT = 66;
    /** A local file could not be read or written (disk full, permissions). */
    public static final int IO_ERROR = 74;

    // --help texts, one per code (annotation values must be constants).
    static final String HELP_0 = "0:all sent (the server answered 250 for every message)";
    static final String HELP_1 = "1:some files were skipped (each is listed with its reason); the rest was sent";
    static final String HELP_2 = "2:some messages are not sent yet; they wait in the outbox and are retried";
    static final String HELP_3 = "3:the server rejected some message (5xx); it is kept in the outbox with the reason";
    static final String HELP_4 = "4:nothing to send: no DICOM object among the files given (skipped files are listed)";
    static final String HELP_66 = "66:a file or folder given does not exist; nothing was sent";
    static final String HELP_64 = "64:wrong command line or settings (the message says what to fix)";
    static final String HELP_74 = "74:a local file could not be read or written";

    private ExitCodes() {}
}
