package org.radpost.datacenter.smtp;

import java.util.Map;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.RcptHook;

/** RCPT TO asks the {@link RecipientPolicy}; with no opinion James accepts the (syntactically valid) address. */
final class RecipientPolicyHook implements RcptHook {
    private final RecipientPolicy policy;

    RecipientPolicyHook(RecipientPolicy policy) {
        this.policy = policy;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt, Map<String, String> parameters) {
        return session.getAttachment(Hooks.ACCOUNT, State.Connection)
                .map(account -> policy.refusal(account, rcpt.asString()).map(Hooks::deny).orElse(HookResult.DECLINED))
                .orElseGet(() -> Hooks.deny(SmtpReplies.AUTH_REQUIRED));
    }
}
