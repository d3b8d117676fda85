package org.radpost.datacenter.reconcile;

/**
 * The kinds of file a crash can leave behind with no row pointing at it, where they live under the data folder,
 * and why removing them loses nothing.
 */
public enum Leftover {
    SPOOL_FILE("spool", "a spooled message whose row was never committed: it was never acknowledged, the sender sends it again"),
    OBJECT_FILE("objects", "an unpacked object whose instance row was never committed"),
    WORK_FOLDER("work", "a message's unpacking folder"),
    MAILBOX_FILE("mailboxes", "a receipt or prior whose delivery row was never committed, or was fetched before the crash"),
    STAGING_FILE("smtp-staging", "an SMTP transfer cut off by the crash, never acknowledged (a dead node's staging folder)"),
    DEIDENTIFIED_COPY("deidentified", "a de-identified viewer's copy no delivery waits for: fetched already, sealed into"
            + " the mailbox, or made for a delivery that was never committed");

    private final String folder;
    private final String why;

    Leftover(String folder, String why) {
        this.folder = folder;
        this.why = why;
    }

    /** The folder under the data folder where such leftovers are. */
    public String folder() {
        return folder;
    }

    /** The sentence the audit row carries. */
    public String why() {
        return why;
    }
}
