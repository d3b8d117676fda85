package org.radpost.datacenter.smtp;

import java.util.Optional;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.radpost.datacenter.directory.Account;

/** MAIL FROM needs TLS, an authenticated account, and a sender address that belongs to that account. */
final class SenderOwnershipHook implements MailHook {

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        if (!session.isTLSStarted()) {
            return Hooks.deny(SmtpReplies.TLS_REQUIRED);
        }
        Optional<Account> account = session.getAttachment(Hooks.ACCOUNT, State.Connection);
        if (account.isEmpty()) {
            return Hooks.deny(SmtpReplies.AUTH_REQUIRED);
        }
        String address = sender.asString("");
        if (!account.get().owns(address)) {
            return Hooks.deny(SmtpReplies.senderNotOwned(address, account.get()));
        }
        return HookResult.DECLINED;
    }
}
