package org.radpost.datacenter.pop3;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import org.radpost.datacenter.directory.Account;

/**
 * The mailboxes behind the POP3 server, one per viewer and per center (the outbox). Deletions are committed only
 * when a client ends its session with QUIT (RFC 1939 UPDATE state): a client that dies mid-session deletes
 * nothing, so "delivered" is recorded in {@link #commitDeletes}.
 */
public interface MailboxStore {

    /** The account's messages in delivery order (the POP3 message numbers follow this order). */
    List<MailboxEntry> list(Account account) throws IOException;

    /** Streams one message (from a file, never from heap); exactly {@link MailboxEntry#size()} bytes. */
    InputStream open(Account account, String uid) throws IOException;

    /**
     * Removes the messages the client deleted and records them delivered. Called once per session, at QUIT, never
     * with an empty set; must be idempotent because two sessions of one account may delete the same uid.
     */
    void commitDeletes(Account account, Set<String> uids) throws IOException;

    /**
     * The account signed in to poll its mailbox from {@code peerAddress}; the default keeps no record. Must not
     * throw: a poll is never refused because its record could not be written.
     */
    default void signedIn(Account account, String peerAddress) {
    }
}
