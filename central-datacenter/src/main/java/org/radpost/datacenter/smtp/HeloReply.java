package org.radpost.datacenter.smtp;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.HeloCmdHandler;

/** James' HELO without the stray parenthesis in its greeting (see {@link EhloReply}). */
final class HeloReply extends HeloCmdHandler {
    HeloReply(MetricFactory metrics) {
        super(metrics);
    }

    @Override
    protected Response doCoreCmd(SMTPSession session, String command, String parameters) {
        session.setAttachment(SMTPSession.CURRENT_HELO_MODE, "HELO", State.Connection);
        return new SMTPResponse("250", EhloReply.greeting(session, parameters));
    }
}
