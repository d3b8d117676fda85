package org.radpost.datacenter.pop3;

import org.apache.james.core.Username;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.pop3.POP3Response;
import org.apache.james.protocols.pop3.POP3Session;
import org.apache.james.protocols.pop3.core.AbstractPassCmdHandler;
import org.apache.james.protocols.pop3.mailbox.Mailbox;
import org.radpost.datacenter.directory.Account;
import org.radpost.datacenter.directory.LoginResult;
import org.radpost.datacenter.directory.Logins;

/**
 * PASS checks USER's password through {@link Logins} (throttled, logged, audited) and opens that account's
 * mailbox. Refusals carry RFC 3206 response codes: {@code [AUTH]} for a wrong password (the third in a session
 * closes it), {@code [SYS/TEMP]} for a lock-out (closed) or a directory that cannot be reached.
 */
final class AccountPassCmdHandler extends AbstractPassCmdHandler {
    static final int MAX_FAILURES = 3;
    private static final AttachmentKey<Integer> FAILURES = AttachmentKey.of("radpost.passFailures", Integer.class);
    private static final AttachmentKey<Account> CHECKED = AttachmentKey.of("radpost.checkedAccount", Account.class);

    private final Logins logins;
    private final MailboxStore store;

    AccountPassCmdHandler(MetricFactory metrics, Logins logins, MailboxStore store) {
        super(metrics);
        this.logins = logins;
        this.store = store;
    }

    @Override
    public Response onCommand(POP3Session session, Request request) {
        if (session.getHandlerState() != POP3Session.AUTHENTICATION_USERSET || request.getArgument() == null
                || session.getUsername() == null || !session.isTLSStarted()) {
            return super.onCommand(session, request); // James' own answers to PASS out of turn
        }
        LoginResult result = logins.attempt("POP3", session.getRemoteAddress(), session.getUsername().asString(),
                request.getArgument());
        if (result instanceof LoginResult.Success success) {
            // James opens the mailbox and answers +OK; auth() below hands it the account just checked.
            session.setAttachment(CHECKED, success.account(), State.Transaction);
            store.signedIn(success.account(), session.getRemoteAddress() == null || session.getRemoteAddress().getAddress() == null
                    ? "unknown" : session.getRemoteAddress().getAddress().getHostAddress());
            return super.onCommand(session, request);
        }
        session.setHandlerState(POP3Session.AUTHENTICATION_READY);
        if (result instanceof LoginResult.Throttled throttled) {
            return closing("[SYS/TEMP] Too many failed logins from your address or for this user; try again in "
                    + Math.max(1, throttled.retryAfter().toSeconds()) + " seconds");
        }
        if (result instanceof LoginResult.Unavailable) {
            return new POP3Response(POP3Response.ERR_RESPONSE,
                    "[SYS/TEMP] The account directory cannot be reached; try again later");
        }
        int failures = session.getAttachment(FAILURES, State.Connection).orElse(0) + 1;
        session.setAttachment(FAILURES, failures, State.Connection);
        return failures >= MAX_FAILURES ? closing("[AUTH] Authentication failed; too many failures, closing")
                : new POP3Response(POP3Response.ERR_RESPONSE, "[AUTH] Authentication failed");
    }

    @Override
    protected Mailbox auth(POP3Session session, Username username, String password) {
        return session.removeAttachment(CHECKED, State.Transaction)
                .map(account -> (Mailbox) new StoreMailbox(store, account))
                .orElse(null);
    }

    private static Response closing(String text) {
        POP3Response response = new POP3Response(POP3Response.ERR_RESPONSE, text);
        response.setEndSession(true);
        return response;
    }
}
