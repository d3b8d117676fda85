package org.radpost.datacenter.smtp;

import java.io.InputStream;
import java.time.Clock;
import org.apache.james.core.MailAddress;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.MailEnvelope;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MessageHook;
import org.radpost.datacenter.directory.Account;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At the end of DATA, streams the staged message to the {@link MessageSink} and answers with its outcome; the
 * reply (250 included) is sent only after the sink returns, and the staging file is deleted afterwards.
 */
final class SinkMessageHook implements MessageHook {
    private static final Logger LOG = LoggerFactory.getLogger(SinkMessageHook.class);

    private final MessageSink sink;
    private final Clock clock;

    SinkMessageHook(MessageSink sink, Clock clock) {
        this.sink = sink;
        this.clock = clock;
    }

    @Override
    public HookResult onMessage(SMTPSession session, MailEnvelope mail) {
        Account account = session.getAttachment(Hooks.ACCOUNT, State.Connection).orElse(null);
        if (account == null) {
            return Hooks.deny(SmtpReplies.AUTH_REQUIRED);
        }
        Envelope envelope = new Envelope(account, mail.getMaybeSender().asString(""),
                mail.getRecipients().stream().map(MailAddress::asString).toList(),
                session.getRemoteAddress(), clock.instant(), Math.max(0, mail.getSize()), session.getSessionID());
        try (InputStream message = mail.getMessageInputStream()) {
            org.radpost.schema.FaultPoint.reach("staged");
            SinkResult result = sink.accept(envelope, message);
            return toHookResult(result, envelope);
        } catch (Exception e) {
            LOG.error("could not store the message from {} ({} bytes, session {}): {}", envelope.mailFrom(),
                    envelope.size(), envelope.sessionId(), e.toString(), e);
            return Hooks.deny(SmtpReplies.STORE_FAILED);
        } finally {
            StagingDataCmdHandler.discard(session);
        }
    }

    private static HookResult toHookResult(SinkResult result, Envelope envelope) {
        if (result instanceof SinkResult.Accepted accepted) {
            LOG.info("accepted {} bytes from {} to {} as {}", envelope.size(), envelope.mailFrom(),
                    envelope.recipients(), accepted.queueId());
            org.radpost.schema.FaultPoint.reachSoon("250-written");
            return Hooks.ok(SmtpReplies.accepted(accepted.queueId()));
        }
        if (result instanceof SinkResult.Rejected rejected) {
            LOG.info("rejected message from {}: {}", envelope.mailFrom(), rejected.reply());
            return Hooks.deny(rejected.reply());
        }
        if (result instanceof SinkResult.InsufficientStorage full) {
            LOG.warn("disk full storing message from {}: {}", envelope.mailFrom(), full.text());
            return Hooks.deny(SmtpReplies.STORAGE_FULL);
        }
        if (result instanceof SinkResult.TemporaryFailure failure) {
            // The detail may hold a database or Java error: it is for the log, never for the client.
            LOG.warn("temporary failure storing message from {}: {}", envelope.mailFrom(), failure.text());
            return Hooks.deny(SmtpReplies.STORE_FAILED);
        }
        throw new IllegalStateException("the message sink returned " + result + " for the message from "
                + envelope.mailFrom() + "; it must return Accepted, Rejected or TemporaryFailure");
    }
}
