package org.radpost.datacenter.pop3;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.james.protocols.pop3.mailbox.Mailbox;
import org.apache.james.protocols.pop3.mailbox.MessageMetaData;
import org.radpost.datacenter.directory.Account;

/** One account's mailbox as James' POP3 handlers see it; James calls {@link #remove} only from QUIT. */
final class StoreMailbox implements Mailbox {
    private static final int READ_BUFFER = 64 * 1024;

    private final MailboxStore store;
    private final Account account;

    StoreMailbox(MailboxStore store, Account account) {
        this.store = store;
        this.account = account;
    }

    @Override
    public List<MessageMetaData> getMessages() throws IOException {
        return store.list(account).stream().map(entry -> new MessageMetaData(entry.uid(), entry.size())).toList();
    }

    @Override
    public InputStream getMessage(String uid) throws IOException {
        // James' RETR and TOP dot-stuff a byte at a time: unbuffered, every byte of a message was one read system call
        // (a 20 MB RETR took 15 s). 64 KiB is what the rest of the data path reads and writes at once.
        return new BufferedInputStream(store.open(account, uid), READ_BUFFER);
    }

    @Override
    public void remove(String... uids) throws IOException {
        Set<String> deleted = new LinkedHashSet<>(List.of(uids));
        if (!deleted.isEmpty()) {
            store.commitDeletes(account, deleted);
        }
    }

    @Override
    public String getIdentifier() {
        return account.name();
    }

    @Override
    public void close() {
    }
}
