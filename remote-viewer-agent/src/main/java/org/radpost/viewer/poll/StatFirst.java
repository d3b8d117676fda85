package org.radpost.viewer.poll;

import org.eclipse.angus.mail.pop3.POP3Folder;
import org.eclipse.angus.mail.pop3.POP3Store;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.radpost.viewer.config.MailServer;
import org.radpost.wire.Priority;
import org.radpost.wire.WireHeaders;

/**
 * STAT mail before routine mail, within a POP3 session and across sessions.
 *
 * <p>Within a session: {@link #inPriorityOrder} reads each message's header block only (Jakarta Mail sends
 * {@code TOP n 0}; the header is a few kilobytes; only where the server advertises TOP) and puts STAT messages
 * first, server order otherwise, so a STAT study never waits behind the routine messages listed before it.
 *
 * <p>Across sessions: a POP3 maildrop is a snapshot taken at login (RFC 1939), so a STAT message that lands while a
 * long session downloads routine mail is invisible to that session. Between messages the poller asks
 * {@link #statWaitingBeyond}, which opens a second, short POP3 session on the same mailbox (UIDL, then {@code TOP n 0}
 * for the UIDs the running session does not know; it flags nothing and deletes nothing) and answers whether a STAT
 * message is waiting. If so the poller ends its session at once — QUIT deletes only the messages already committed
 * to the inbox, the rest stay on the server — and starts a new one, which takes the STAT message first.
 *
 * <p>Why this and not the alternatives: a shorter poll interval only shrinks the idle gap, not the wait behind a
 * running session; IMAP IDLE (RFC 2177) needs an IMAP server, which the data center does not run; a push channel
 * (Server-Sent Events on an authenticated TLS listener of the data center) would tell the agent about new mail
 * without the check's extra login, but is a second protocol, listener and credential path to secure; the check is
 * plain POP3 over the same TLS and credentials. The data center's POP3 backend allows two sessions on one mailbox
 * (its deletions are idempotent and committed at QUIT); the check session issues no DELE, so it changes nothing
 * for the running one.
 */
final class StatFirst {
    private StatFirst() {}

    /**
     * Whether the server advertised TOP. Jakarta Mail reads CAPA once, before login, and without TOP there it reads a
     * header by downloading the whole message: ordering by header would then download the whole mailbox first.
     */
    static boolean topAdvertised(Store store) {
        Map<String, String> capabilities = store instanceof POP3Store pop3 ? capabilities(pop3) : null;
        return capabilities != null && capabilities.containsKey("TOP");
    }

    private static Map<String, String> capabilities(POP3Store store) {
        try {
            return store.capabilities();
        } catch (MessagingException e) {
            return null;
        }
    }

    /** The messages with STAT first; the order is stable otherwise. Reads headers only. */
    static List<Message> inPriorityOrder(Message[] messages) throws MessagingException {
        List<Message> ordered = new ArrayList<>(List.of(messages));
        List<Boolean> stat = new ArrayList<>();
        for (Message message : ordered) {
            stat.add(isStat(message));
        }
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            positions.add(i);
        }
        positions.sort(Comparator.comparing((Integer i) -> !stat.get(i)));   // List.sort is stable
        return positions.stream().map(ordered::get).toList();
    }

    /** Whether the message's priority header says STAT (read with {@code TOP n 0} when the header is not loaded). */
    static boolean isStat(Message message) throws MessagingException {
        String[] values = message.getHeader(WireHeaders.PRIORITY);
        return values != null && values.length > 0 && Priority.fromToken(values[0]) == Priority.STAT;
    }

    /** The server's UIDs of a session's messages (one UIDL). */
    static Set<String> uids(Folder folder, Message[] messages) throws MessagingException {
        FetchProfile profile = new FetchProfile();
        profile.add(UIDFolder.FetchProfileItem.UID);
        folder.fetch(messages, profile);
        Set<String> uids = new HashSet<>();
        for (Message message : messages) {
            uids.add(((POP3Folder) folder).getUID(message));
        }
        return uids;
    }

    /** Whether a STAT message whose UID is not in {@code known} waits in the mailbox now; a short second session. */
    static boolean statWaitingBeyond(Set<String> known, Session session, String protocol, MailServer server)
            throws MessagingException {
        Store store = session.getStore(protocol);
        try {
            store.connect(server.host(), server.port(), server.user(), server.password());
            Folder folder = store.getFolder("INBOX");
            folder.open(Folder.READ_ONLY);
            try {
                Message[] messages = folder.getMessages();
                uids(folder, messages);
                for (Message message : messages) {
                    if (!known.contains(((POP3Folder) folder).getUID(message)) && isStat(message)) {
                        return true;
                    }
                }
                return false;
            } finally {
                folder.close(false);
            }
        } finally {
            store.close();
        }
    }
}
