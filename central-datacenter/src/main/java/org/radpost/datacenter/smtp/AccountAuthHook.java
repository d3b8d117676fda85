package org.radpost.datacenter.smtp;

import java.util.Optional;
import org.apache.james.core.Username;
import org.apache.james.protocols.api.OidcSASLConfiguration;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.AuthHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.radpost.datacenter.directory.Account;
import org.radpost.datacenter.directory.Accounts;

/**
 * AUTH PLAIN/LOGIN against {@link Accounts}; a connection that fails three times is closed. Only offered and
 * accepted under TLS, so passwords never cross the wire in clear.
 */
final class AccountAuthHook implements AuthHook {
    static final int MAX_FAILURES = 3;
    private static final AttachmentKey<Integer> FAILURES = AttachmentKey.of("radpost.authFailures", Integer.class);

    private final Accounts accounts;

    AccountAuthHook(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public HookResult doAuth(SMTPSession session, Username username, String password) {
        if (!session.isTLSStarted()) {
            return Hooks.deny(SmtpReplies.TLS_REQUIRED);
        }
        Optional<Account> account = accounts.authenticate(username.asString(), password);
        if (account.isPresent()) {
            session.setUsername(username);
            session.setAttachment(Hooks.ACCOUNT, account.get(), State.Connection);
            return Hooks.ok(SmtpReplies.AUTH_OK);
        }
        int failures = session.getAttachment(FAILURES, State.Connection).orElse(0) + 1;
        session.setAttachment(FAILURES, failures, State.Connection);
        return failures >= MAX_FAILURES ? Hooks.disconnect(SmtpReplies.AUTH_TOO_MANY_FAILURES)
                : Hooks.deny(SmtpReplies.AUTH_INVALID);
    }

    @Override
    public HookResult doSasl(SMTPSession session, OidcSASLConfiguration configuration, String initialResponse) {
        return HookResult.DECLINED;
    }

    @Override
    public HookResult doDelegation(SMTPSession session, Username target) {
        // "AUTH PLAIN" with an authorization identity only would log in as someone else: never allowed.
        return Hooks.deny(SmtpReplies.AUTH_INVALID);
    }
}
