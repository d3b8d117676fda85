package org.radpost.datacenter.smtp;

import org.apache.james.core.Username;
import org.apache.james.protocols.api.OidcSASLConfiguration;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.AuthHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.radpost.datacenter.directory.LoginResult;
import org.radpost.datacenter.directory.Logins;

/**
 * AUTH PLAIN/LOGIN through {@link Logins} (throttled, logged, audited); a connection that fails three times is
 * closed, a locked-out address or user is answered {@code 454 4.7.0} and closed, and a directory that cannot be
 * reached is a temporary {@code 454 4.7.0} whichever mechanism was used. Only offered and accepted under TLS,
 * so passwords never cross the wire in clear.
 */
final class AccountAuthHook implements AuthHook {
    static final int MAX_FAILURES = 3;
    private static final AttachmentKey<Integer> FAILURES = AttachmentKey.of("radpost.authFailures", Integer.class);

    private final Logins logins;

    AccountAuthHook(Logins logins) {
        this.logins = logins;
    }

    @Override
    public HookResult doAuth(SMTPSession session, Username username, String password) {
        if (!session.isTLSStarted()) {
            return Hooks.deny(SmtpReplies.TLS_REQUIRED);
        }
        LoginResult result = logins.attempt("SMTP", session.getRemoteAddress(), username.asString(), password);
        if (result instanceof LoginResult.Success success) {
            session.setUsername(username);
            session.setAttachment(Hooks.ACCOUNT, success.account(), State.Connection);
            return Hooks.ok(SmtpReplies.AUTH_OK);
        }
        if (result instanceof LoginResult.Throttled throttled) {
            return Hooks.disconnect(SmtpReplies.loginThrottled(throttled.retryAfter()));
        }
        if (result instanceof LoginResult.Unavailable) {
            return Hooks.deny(SmtpReplies.AUTH_UNAVAILABLE);
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
