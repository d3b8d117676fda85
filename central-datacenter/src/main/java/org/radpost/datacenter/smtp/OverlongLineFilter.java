package org.radpost.datacenter.smtp;

import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.DataLineFilter;

/**
 * Once a DATA line was too long for the framer (see {@link DataAwareSmtpProtocol}), drops the staged message,
 * swallows the rest of DATA and refuses the message with one reply at its end. Sits after
 * {@link CrlfOnlyDataFilter}, so the end it sees is a real {@code <CRLF>.<CRLF>}.
 */
final class OverlongLineFilter implements DataLineFilter {

    @Override
    public Response onLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        if (!session.getAttachment(DataAwareSmtpProtocol.OVERLONG_LINE, State.Transaction).orElse(false)) {
            return next.onLine(session, line);
        }
        if (DataAbort.isTerminator(line)) {
            return DataAbort.refuse(session, SmtpReplies.LINE_TOO_LONG);
        }
        StagingDataCmdHandler.discard(session);
        return null;
    }
}
