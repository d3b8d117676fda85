package org.radpost.datacenter;

import org.hibernate.Session;
import org.radpost.datacenter.spool.ReceivedMessage;
import org.radpost.datacenter.tracking.TrackingState;

/**
 * One queued step of the pipeline, run in a transaction on one claimed message. It must be idempotent: a
 * crash after its work and before the commit runs it again, and a second run must change nothing.
 */
public interface Stage {
    /** The message state that means "this stage runs next". */
    String name();

    /** The tracking state recorded when the stage continues. */
    TrackingState onSuccess();

    StageResult run(Session session, ReceivedMessage message) throws Exception;
}
