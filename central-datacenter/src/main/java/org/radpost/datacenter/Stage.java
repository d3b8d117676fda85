package org.radpost.datacenter;

import org.hibernate.Session;
import org.radpost.datacenter.spool.MessageState;
import org.radpost.datacenter.spool.ReceivedMessage;

/**
 * One queued step of the pipeline, run in a transaction on one claimed message. It must be idempotent: a
 * crash after its work and before the commit runs it again, and a second run must change nothing. It returns
 * what happened; an exception means an infrastructure fault, which the worker turns into a retry.
 */
public interface Stage {
    /** The message state that means "this stage runs next". */
    MessageState state();

    StageResult run(Session session, ReceivedMessage message) throws Exception;
}
