package org.radpost.datacenter.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.james.mime4j.dom.Header;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.util.MimeUtil;
import org.apache.james.protocols.smtp.MailEnvelope;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MessageHook;
import org.radpost.wire.RejectReason;
import org.radpost.wire.WireHeaders;
import org.radpost.wire.read.MessageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before anything is spooled, reads the message's top header (Mime4j, with the reader's limits) and refuses
 * identifiers the data center cannot keep: longer than their database column, or holding characters outside
 * printable US-ASCII. Such a message could never be stored, so the answer is a permanent {@code 554 5.6.0}
 * with a sentence, not the temporary failure a database error would give (and the sender would retry forever).
 */
final class HeaderLimitsHook implements MessageHook {
    private static final Logger LOG = LoggerFactory.getLogger(HeaderLimitsHook.class);

    /** A header and the most characters its column holds. */
    record Limit(String header, int maxLength) {
    }

    /** The identifiers the data center stores as they come (schema/V001: message, instance, status_event). */
    static final List<Limit> LIMITS = List.of(
            new Limit("Message-ID", 250),
            new Limit(WireHeaders.BATCH_ID, 64),
            new Limit(WireHeaders.STUDY_UID, 64),
            new Limit(WireHeaders.PRIOR_FOR, 64),
            new Limit(WireHeaders.OBJECT_TYPE, 16),
            new Limit(WireHeaders.PRIORITY, 16));

    private final EdgeRefusals refusals;

    HeaderLimitsHook(EdgeRefusals refusals) {
        this.refusals = refusals;
    }

    @Override
    public HookResult onMessage(SMTPSession session, MailEnvelope mail) {
        Header header;
        try (InputStream message = mail.getMessageInputStream()) {
            DefaultMessageBuilder builder = new DefaultMessageBuilder();
            builder.setMimeEntityConfig(MessageReader.limits());
            header = builder.parseHeader(message);
        } catch (IOException | RuntimeException e) {
            // Unreadable headers are the message reader's to refuse, with its own reason.
            return HookResult.DECLINED;
        }
        for (Limit limit : LIMITS) {
            for (Field field : header.getFields(limit.header())) {
                String value = MimeUtil.unfold(field.getBody()).trim();
                String problem = value.length() > limit.maxLength()
                        ? "is " + value.length() + " characters long; the data center keeps at most " + limit.maxLength()
                        : printableAscii(value) ? null : "holds a character outside printable US-ASCII";
                if (problem != null) {
                    SmtpReply reply = refusals.refuse(session, RejectReason.BAD_HEADER, "the " + limit.header() + " header "
                            + problem, SmtpReplies.badHeader(limit.header(), problem));
                    StagingDataCmdHandler.discard(session);
                    LOG.info("refused a message from {} before spooling: {}", session.getRemoteAddress(), reply);
                    return Hooks.deny(reply);
                }
            }
        }
        return HookResult.DECLINED;
    }

    private static boolean printableAscii(String value) {
        return value.chars().allMatch(c -> c >= 0x20 && c <= 0x7E);
    }
}
