package org.radpost.viewer.fault;

/**
 * The durable steps at which crash tests stop the agent dead. Only when the test-only system property
 * {@code radpost.viewer.fault} names a point does reaching it halt the process (as {@code kill -9} would: no
 * shutdown hooks, nothing flushed); otherwise reaching a point costs one property read.
 */
public enum FaultPoint {
    /** Part of a message is on disk in incoming/, the rest still on the server. */
    MID_DOWNLOAD,
    /** A message's first object is moved into objects/, its inbox row not yet committed. */
    MID_EXTRACT,
    /** The study's opening is committed, its viewed receipt not yet queued. */
    AFTER_VIEWED_COMMIT;

    /** The system property that names the point to halt at. */
    public static final String PROPERTY = "radpost.viewer.fault";

    /** Halts the process here if this is the point the property names. */
    public void reached() {
        if (name().equals(System.getProperty(PROPERTY))) {
            System.err.println("fault injection: halting at " + name());
            Runtime.getRuntime().halt(137);
        }
    }
}
