package org.radpost.datacenter.smtp;

import java.io.InputStream;
import java.time.Clock;
import java.util.Optional;
import org.apache.james.core.MailAddress;
import org.apache.james.mime4j.dom.Header;
import org.apache.james.mime4j.dom.field.ParsedField;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.MailEnvelope;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.DataCmdHandler;
import org.radpost.datacenter.directory.Account;
import org.radpost.wire.RejectReason;
import org.radpost.wire.StudyUid;
import org.radpost.wire.WireHeaders;
import org.radpost.wire.read.MessageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the {@link MessageSink} about a message the edge refuses itself, naming its Message-ID and study from
 * the part of the header that was staged; a sink that cannot record it costs a log line, never the reply.
 */
final class EdgeRefusals {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeRefusals.class);

    private final MessageSink sink;
    private final Clock clock;

    EdgeRefusals(MessageSink sink, Clock clock) {
        this.sink = sink;
        this.clock = clock;
    }

    /** Reports the refusal (before the staged data is discarded) and returns the reply to send. */
    SmtpReply refuse(SMTPSession session, RejectReason reason, String detail, SmtpReply reply) {
        Optional<Account> account = session.getAttachment(Hooks.ACCOUNT, State.Connection);
        Optional<MailEnvelope> mail = session.getAttachment(DataCmdHandler.MAILENV, State.Transaction);
        if (account.isEmpty() || mail.isEmpty()) {
            return reply;
        }
        String messageId = "";
        Optional<String> study = Optional.empty();
        try (InputStream staged = mail.get().getMessageInputStream()) {
            DefaultMessageBuilder builder = new DefaultMessageBuilder();
            builder.setMimeEntityConfig(MessageReader.limits());
            Header header = builder.parseHeader(staged);
            messageId = value(header, "Message-ID");
            study = validUid(value(header, WireHeaders.STUDY_UID));
        } catch (Exception e) {
            // Nothing readable was staged: the refusal is still recorded, without a study to name.
        }
        Envelope envelope = new Envelope(account.get(), mail.get().getMaybeSender().asString(""),
                mail.get().getRecipients().stream().map(MailAddress::asString).toList(), session.getRemoteAddress(),
                clock.instant(), Math.max(0, mail.get().getSize()), session.getSessionID());
        try {
            sink.refused(envelope, new EdgeRefusal(reason, detail, messageId, study));
        } catch (RuntimeException e) {
            LOG.warn("could not record the refusal ({}) of a message from {}: {}", reason.code(), envelope.mailFrom(), e.toString());
        }
        return reply;
    }

    private static String value(Header header, String name) {
        Field field = header.getField(name);
        String body = field == null ? "" : field instanceof ParsedField parsed ? parsed.getBody() : field.getBody();
        body = body == null ? "" : body.trim();
        return body.length() > 250 ? "" : body;
    }

    private static Optional<String> validUid(String value) {
        try {
            return value.isEmpty() ? Optional.empty() : Optional.of(StudyUid.of(value).value());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
