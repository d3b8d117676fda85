package org.radpost.datacenter.smtp;

import java.util.Map;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.RcptHook;

/**
 * RCPT TO limits that hold whatever the recipient policy says: at most {@code maxRecipients} per message
 * ({@code 452 4.5.3}, the client sends the rest in another transaction, RFC 5321 section 4.5.3.1.10) and no
 * address longer than a database row or a mail system can hold ({@code 501 5.1.3}).
 */
final class RecipientLimitHook implements RcptHook {
    /** RFC 5321 path limit (256) less the angle brackets; the tracking columns hold exactly this. */
    static final int MAX_ADDRESS_LENGTH = 254;

    private final int maxRecipients;

    RecipientLimitHook(int maxRecipients) {
        this.maxRecipients = maxRecipients;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt, Map<String, String> parameters) {
        if (rcpt.asString().length() > MAX_ADDRESS_LENGTH) {
            return Hooks.deny(SmtpReplies.recipientTooLong(MAX_ADDRESS_LENGTH));
        }
        if (session.getRcptCount() >= maxRecipients) {
            return Hooks.deny(SmtpReplies.tooManyRecipients(maxRecipients));
        }
        return HookResult.DECLINED;
    }
}
