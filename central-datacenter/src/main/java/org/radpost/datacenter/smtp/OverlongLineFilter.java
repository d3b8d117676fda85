package org.radpost.datacenter.smtp;

import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.DataLineFilter;
import org.radpost.wire.RejectReason;

/**
 * Once a DATA line was too long for the framer (see {@link DataAwareSmtpProtocol}), stops staging, swallows
 * the rest of DATA and refuses the message with one reply at its end. Sits after
 * {@link CrlfOnlyDataFilter}, so the end it sees is a real {@code <CRLF>.<CRLF>}.
 */
final class OverlongLineFilter implements DataLineFilter {
    private final EdgeRefusals refusals;

    OverlongLineFilter(EdgeRefusals refusals) {
        this.refusals = refusals;
    }

    @Override
    public Response onLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        if (!session.getAttachment(DataAwareSmtpProtocol.OVERLONG_LINE, State.Transaction).orElse(false)) {
            return next.onLine(session, line);
        }
        if (DataAbort.isTerminator(line)) {
            return DataAbort.refuse(session, refusals.refuse(session, RejectReason.LINE_TOO_LONG,
                    "a line is longer than 8192 bytes", SmtpReplies.LINE_TOO_LONG));
        }
        return null; // swallowed: what was staged before the long line stays for the refusal's receipt
    }
}
