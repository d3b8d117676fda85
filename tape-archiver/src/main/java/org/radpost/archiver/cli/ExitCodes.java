package org.radpost.archiver.cli;

/** The CLI's exit codes, as its --help lists them. */
public final class ExitCodes {
    /** Done; nothing wrong found. */
    public static final int OK = 0;
    /** Done, but damage was found: verify reported entries, or restore could not restore some objects. */
    public static final int DAMAGE = 1;
    /** The command line or a value on it is wrong (unknown option, bad UID, missing reason...). */
    public static final int USAGE = 2;
    /** Nothing matched: no archived object for the query, no active hold to release, no such open volume. */
    public static final int NOT_FOUND = 3;
    /** Cannot run: configuration, database or archive root problem (the message says what to fix). */
    public static final int CANNOT_RUN = 4;

    static final String HELP = "%nExit codes:%n"
            + "  0  done, nothing wrong found%n"
            + "  1  damage found (verify) or some objects not restored (restore)%n"
            + "  2  usage error: unknown option, bad value%n"
            + "  3  nothing matched the query, hold or volume%n"
            + "  4  cannot run: configuration, database or archive root problem%n";

    private ExitCodes() {}
}
