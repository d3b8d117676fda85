package org.radpost.datacenter.deliver;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.exception.ConstraintViolationException;
import org.radpost.datacenter.tracking.StudySearch;

/**
 * When each mailbox was last polled (table mailbox_poll): a viewer whose agent stopped polling is one an operator
 * must chase, and that shows only if the time is kept across restarts and nodes.
 */
public final class MailboxPolls {
    private final SessionFactory sessions;

    public MailboxPolls(SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** The last poll of one mailbox; {@code lastFetchAt} is null until the client took a message. */
    public record Poll(String mailbox, Instant lastPollAt, String peerAddress, long pollCount, Instant lastFetchAt) {}

    /** Records a successful POP3 sign-in to the mailbox. */
    public void polled(String mailbox, String peerAddress, Instant at) {
        String m = mailbox.toLowerCase();
        try {
            sessions.inTransaction(s -> {
                if (update(s, m, peerAddress, at) == 0) {
                    s.createNativeMutationQuery("INSERT INTO mailbox_poll (mailbox, last_poll_at, peer_address, poll_count)"
                                    + " VALUES (:m, :at, :peer, 1)")
                            .setParameter("m", m).setParameter("at", at).setParameter("peer", peerAddress).executeUpdate();
                }
            });
        } catch (ConstraintViolationException e) {
            // Two sessions of one mailbox signed in at the same moment; the other inserted the row first.
            sessions.inTransaction(s -> update(s, m, peerAddress, at));
        }
    }

    /** Records, in the caller's transaction (the one committing the deletions), that the client took messages. */
    public void fetched(Session session, String mailbox, Instant at) {
        session.createNativeMutationQuery("UPDATE mailbox_poll SET last_fetch_at = :at WHERE mailbox = :m")
                .setParameter("at", at).setParameter("m", mailbox.toLowerCase()).executeUpdate();
    }

    /** Every mailbox polled at least once, by address. */
    public Map<String, Poll> all() {
        Map<String, Poll> polls = new HashMap<>();
        sessions.fromSession(s -> s.createNativeQuery("SELECT mailbox, last_poll_at, peer_address, poll_count, last_fetch_at"
                + " FROM mailbox_poll", Object[].class).getResultList()).forEach(r -> polls.put((String) r[0],
                new Poll((String) r[0], StudySearch.instant(r[1]), (String) r[2], ((Number) r[3]).longValue(), StudySearch.instant(r[4]))));
        return polls;
    }

    private static int update(Session s, String mailbox, String peerAddress, Instant at) {
        return s.createNativeMutationQuery("UPDATE mailbox_poll SET last_poll_at = :at, peer_address = :peer,"
                        + " poll_count = poll_count + 1 WHERE mailbox = :m")
                .setParameter("at", at).setParameter("peer", peerAddress).setParameter("m", mailbox).executeUpdate();
    }
}
