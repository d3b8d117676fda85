package org.radpost.datacenter.pop3;

/**
 * One message waiting in a mailbox: its unique id (what UIDL shows; stable across restarts, never reused,
 * 1 to 70 printable ASCII characters per RFC 1939) and its size in bytes.
 */
public record MailboxEntry(String uid, long size) {

    public MailboxEntry {
        if (uid == null || !uid.matches("[\\x21-\\x7E]{1,70}")) {
            throw new IllegalArgumentException("POP3 unique id '" + uid + "' must be 1 to 70 printable ASCII characters");
        }
        if (size < 0) {
            throw new IllegalArgumentException("message " + uid + " has negative size " + size);
        }
    }
}
