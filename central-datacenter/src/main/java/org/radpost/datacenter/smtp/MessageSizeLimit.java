package org.radpost.datacenter.smtp;

import java.util.List;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.DataLineFilter;
import org.apache.james.protocols.smtp.core.esmtp.EhloExtension;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailParametersHook;

/**
 * The SIZE extension (RFC 1870), in place of James' own, which counts in {@code int} (wrong past 2 GiB) and lets
 * the truncated message reach the message hooks. Advertises the limit, refuses {@code MAIL ... SIZE=n} over it,
 * and stops writing DATA once it passes the limit: the rest is counted and dropped (never buffered) until the end
 * of DATA, then refused {@code 552 5.3.4}; a client that keeps sending past twice the limit is disconnected.
 */
final class MessageSizeLimit implements MailParametersHook, EhloExtension, DataLineFilter {
    private static final AttachmentKey<Boolean> EXCEEDED = AttachmentKey.of("radpost.sizeExceeded", Boolean.class);

    private final long maxMessageSize;

    MessageSizeLimit(long maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    @Override
    public String[] getMailParamNames() {
        return new String[] {"SIZE"};
    }

    @Override
    public HookResult doMailParameter(SMTPSession session, String name, String value) {
        long declared;
        try {
            declared = Long.parseLong(value);
        } catch (NumberFormatException e) {
            return Hooks.deny(SmtpReplies.SIZE_SYNTAX);
        }
        if (declared < 0) {
            return Hooks.deny(SmtpReplies.SIZE_SYNTAX);
        }
        return declared > maxMessageSize ? Hooks.deny(SmtpReplies.tooBig(maxMessageSize)) : HookResult.DECLINED;
    }

    @Override
    public List<String> getImplementedEsmtpFeatures(SMTPSession session) {
        return List.of("SIZE " + maxMessageSize);
    }

    @Override
    public Response onLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        boolean exceeded = session.getAttachment(EXCEEDED, State.Transaction).orElse(false);
        if (DataAbort.isTerminator(line)) {
            return exceeded ? DataAbort.refuse(session, SmtpReplies.tooBig(maxMessageSize)) : next.onLine(session, line);
        }
        long size = session.currentMessageSize() + line.length;
        session.setCurrentMessageSize(size);
        if (size <= maxMessageSize) {
            return next.onLine(session, line);
        }
        if (!exceeded) {
            session.setAttachment(EXCEEDED, true, State.Transaction);
            StagingDataCmdHandler.discard(session);
        }
        return size > 2 * maxMessageSize ? DataAbort.refuseAndClose(session, SmtpReplies.tooBig(maxMessageSize)) : null;
    }
}
