package org.radpost.viewer.poll;

import org.eclipse.angus.mail.pop3.POP3Folder;
import org.eclipse.angus.mail.pop3.POP3Store;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.radpost.wire.Priority;
import org.radpost.wire.WireHeaders;

/**
 * STAT mail before routine mail, within a POP3 session and beside it.
 *
 * <p>Within a session: {@link #inPriorityOrder} reads each message's header block only (Jakarta Mail sends
 * {@code TOP n 0}; the header is a few kilobytes; only where the server advertises TOP) and puts STAT messages
 * first, server order otherwise, so a STAT study never waits behind the routine messages listed before it.
 *
 * <p>Beside a session: a POP3 maildrop is a snapshot taken at login (RFC 1939), so a STAT message that lands while a
 * long session downloads routine mail is invisible to that session. While it does, a {@link StatLane} opens a
 * second, short POP3 session on the same mailbox at most every 200 ms, asks {@link #statBeyond} (UIDL, then
 * {@code TOP n 0} for the UIDs the running session does not know) and fetches, commits and deletes the STAT messages
 * it finds itself, while the routine download goes on.
 *
 * <p>Why this and not the alternatives: a shorter poll interval only shrinks the idle gap, not the wait behind a
 * running session; ending the running session for the STAT message (what the agent did before) still waited for the
 * routine message being downloaded, its extract and a new login; IMAP IDLE (RFC 2177) needs an IMAP server, which the
 * data center does not run; a push channel (Server-Sent Events on an authenticated TLS listener of the data center)
 * would tell the agent about new mail without the check's extra login, but is a second protocol, listener and
 * credential path to secure; the lane is plain POP3 over the same TLS and credentials. The data center allows two
 * POP3 sessions per viewer at once, and the lane is the second: never more than one lane session runs.
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

    /**
     * The STAT messages of this session whose UIDs are neither in {@code known} (the running session's) nor in
     * {@code routine} (found routine by an earlier check; UIDs are never reused), in server order. One UIDL, and a
     * {@code TOP n 0} per message not seen before; the UIDs found routine are added to {@code routine}.
     */
    static List<Message> statBeyond(Set<String> known, Set<String> routine, Folder folder) throws MessagingException {
        Message[] messages = folder.getMessages();
        uids(folder, messages);
        List<Message> stat = new ArrayList<>();
        for (Message message : messages) {
            String uid = ((POP3Folder) folder).getUID(message);
            if (known.contains(uid) || routine.contains(uid)) {
                continue;
            }
            if (isStat(message)) {
                stat.add(message);
            } else {
                routine.add(uid);
            }
        }
        return stat;
    }
}
