package org.radpost.datacenter.smtp;

import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPSession;

/** Ends a refused DATA transfer the way James ends an accepted one: staging file gone, back to command mode. */
final class DataAbort {
    private DataAbort() {
    }

    static boolean isTerminator(byte[] line) {
        return line.length == 3 && line[0] == '.' && line[1] == '\r' && line[2] == '\n';
    }

    static Response refuse(SMTPSession session, SmtpReply reply) {
        StagingDataCmdHandler.discard(session);
        session.popLineHandler();
        session.resetState();
        return Hooks.response(reply);
    }

    static Response refuseAndClose(SMTPSession session, SmtpReply reply) {
        StagingDataCmdHandler.discard(session);
        session.resetState();
        return Hooks.closingResponse(reply);
    }
}
