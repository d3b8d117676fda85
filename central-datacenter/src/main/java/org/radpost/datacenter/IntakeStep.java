package org.radpost.datacenter;

import java.io.IOException;
import org.hibernate.Session;
import org.radpost.datacenter.spool.Arrival;

/**
 * One step of the synchronous half, run while the sender waits after DATA. Steps on disk run first; the steps
 * in the transaction run in the one commit that must succeed before the message is acknowledged. A step
 * returns continue, reject or retry; an exception is a fault here, answered "try again later".
 */
public interface IntakeStep {
    String name();

    /** A step that works on files only (spooling, unpacking, checking). */
    interface OnDisk extends IntakeStep {
        StageResult run(Arrival arrival) throws IOException;
    }

    /** A step that writes rows, inside the intake's single commit. */
    interface InTransaction extends IntakeStep {
        StageResult run(Session session, Arrival arrival) throws IOException;
    }
}
