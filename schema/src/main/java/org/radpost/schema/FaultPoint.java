package org.radpost.schema;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only crash injection: with {@code -Dradpost.fault=<point>} the process halts (no shutdown hooks, no
 * flushing, like {@code kill -9}) the N-th time it reaches that point ({@code -Dradpost.fault.after=N}, default
 * 1). Without the property every call is a no-op. The points are the durable steps of the data center, named in
 * {@link #POINTS}; the crash tests kill a node at each of them and check that nothing acknowledged is lost.
 */
public final class FaultPoint {
    /** Every point the code reaches, in the order a message passes them. */
    public static final java.util.List<String> POINTS = java.util.List.of("staged", "spooled", "file-fsynced",
            "folder-fsynced", "row-committed", "250-written", "mid-route", "mid-delivery", "mid-pop3-retrieval",
            "mid-archive-entry");
    /**
     * The tape archiver's own points: half-way through a TAR entry's data, and after the entry and new end records
     * are fsynced but before its index row commits (the archiver's crash test kills it at each).
     */
    public static final java.util.List<String> ARCHIVER_POINTS = java.util.List.of("mid-archive-entry", "archive-entry-synced");
    /** The exit status a halted process reports, so a harness tells an injected crash from a real one. */
    public static final int HALT_STATUS = 86;

    private static final String ARMED = System.getProperty("radpost.fault", "");
    private static final AtomicInteger REMAINING = new AtomicInteger(Integer.getInteger("radpost.fault.after", 1));

    private FaultPoint() {}

    /** Halts the process here if this is the armed point and its turn has come. */
    public static void reach(String point) {
        if (!ARMED.isEmpty() && ARMED.equals(point) && REMAINING.decrementAndGet() == 0) {
            halt(point);
        }
    }

    /**
     * For a point just after a reply is handed to the network (the 250): halts a moment later, from another
     * thread, so the reply has left while everything after it has not happened yet.
     */
    public static void reachSoon(String point) {
        if (!ARMED.isEmpty() && ARMED.equals(point) && REMAINING.decrementAndGet() == 0) {
            Thread later = new Thread(() -> {
                try {
                    Thread.sleep(150);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                halt(point);
            }, "radpost-fault");
            later.setDaemon(true);
            later.start();
        }
    }

    private static void halt(String point) {
        System.err.println("radpost.fault: halting at " + point);
        System.err.flush();
        Runtime.getRuntime().halt(HALT_STATUS);
    }
}
