package org.radpost.datacenter.smtp;

import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.DataLineFilter;
import org.radpost.wire.RejectReason;

/**
 * Refuses DATA containing a bare LF or bare CR (SMTP smuggling, CVE-2023-51764). James frames lines at any LF
 * and ends DATA at any three-byte line starting with a dot (so {@code "\n.\n"}-style endings would end the
 * message early and the rest would run as commands). This filter sits first: it passes on only CRLF-clean lines,
 * and once a line is dirty it swallows everything up to a real {@code <CRLF>.<CRLF>} and refuses the whole message.
 */
final class CrlfOnlyDataFilter implements DataLineFilter {
    private static final AttachmentKey<Boolean> DIRTY = AttachmentKey.of("radpost.bareLineEnding", Boolean.class);
    private static final AttachmentKey<Boolean> PREVIOUS_DIRTY = AttachmentKey.of("radpost.previousLineDirty", Boolean.class);

    private final EdgeRefusals refusals;

    CrlfOnlyDataFilter(EdgeRefusals refusals) {
        this.refusals = refusals;
    }

    @Override
    public Response onLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        boolean clean = crlfOnly(line);
        boolean previousClean = !session.getAttachment(PREVIOUS_DIRTY, State.Transaction).orElse(false);
        session.setAttachment(PREVIOUS_DIRTY, !clean, State.Transaction);
        if (!clean) {
            session.setAttachment(DIRTY, true, State.Transaction);
            return null;
        }
        if (session.getAttachment(DIRTY, State.Transaction).orElse(false)) {
            return DataAbort.isTerminator(line) && previousClean
                    ? DataAbort.refuse(session, refusals.refuse(session, RejectReason.BARE_LINE_ENDING,
                            "a line ends in a bare LF or holds a bare CR", SmtpReplies.BARE_LINE_ENDING)) : null;
        }
        return next.onLine(session, line);
    }

    /** True when the line ends in CRLF and holds no other CR or LF. */
    static boolean crlfOnly(byte[] line) {
        int n = line.length;
        if (n < 2 || line[n - 1] != '\n' || line[n - 2] != '\r') {
            return false;
        }
        for (int i = 0; i < n - 2; i++) {
            if (line[i] == '\r' || line[i] == '\n') {
                return false;
            }
        }
        return true;
    }
}
