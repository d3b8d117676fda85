package org.radpost.datacenter.smtp;

import java.util.Set;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandDispatcher;
import org.apache.james.protocols.smtp.SMTPSession;

/**
 * James' command dispatcher with one policy in front: until TLS is active only EHLO, STARTTLS, NOOP and QUIT are
 * served; everything else (AUTH, MAIL, RCPT, DATA, VRFY...) gets {@code 530 5.7.0}.
 */
final class TlsFirstDispatcher extends CommandDispatcher<SMTPSession> {
    private static final Set<String> BEFORE_TLS = Set.of("EHLO", "STARTTLS", "NOOP", "QUIT");

    @Override
    protected Response dispatchCommandHandlers(SMTPSession session, Request request) {
        if (!session.isTLSStarted() && !BEFORE_TLS.contains(request.getCommand())) {
            return Hooks.response(SmtpReplies.TLS_REQUIRED);
        }
        return super.dispatchCommandHandlers(session, request);
    }
}
