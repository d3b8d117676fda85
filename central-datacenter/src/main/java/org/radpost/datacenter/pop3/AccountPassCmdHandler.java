package org.radpost.datacenter.pop3;

import org.apache.james.core.Username;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.pop3.POP3Session;
import org.apache.james.protocols.pop3.core.AbstractPassCmdHandler;
import org.apache.james.protocols.pop3.mailbox.Mailbox;
import org.radpost.datacenter.directory.Accounts;

/** PASS checks USER's password against {@link Accounts} and opens that account's mailbox. */
final class AccountPassCmdHandler extends AbstractPassCmdHandler {
    private final Accounts accounts;
    private final MailboxStore store;

    AccountPassCmdHandler(MetricFactory metrics, Accounts accounts, MailboxStore store) {
        super(metrics);
        this.accounts = accounts;
        this.store = store;
    }

    @Override
    protected Mailbox auth(POP3Session session, Username username, String password) {
        if (!session.isTLSStarted()) {
            return null;
        }
        return accounts.authenticate(username.asString(), password)
                .map(account -> (Mailbox) new StoreMailbox(store, account))
                .orElse(null);
    }
}
