package org.radpost.datacenter.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.hibernate.SessionFactory;

/**
 * The data-center nodes that run now, by a heartbeat row each refreshes every few seconds (table datacenter_node):
 * a command run beside them can say truthfully whether its change will be picked up, and where the console is.
 */
public final class RunningNodes {
    public static final Duration BEAT = Duration.ofSeconds(10);
    /** A node silent for this long is taken as stopped (it crashed, or its machine did). */
    private static final Duration STALE = Duration.ofSeconds(45);

    private final SessionFactory sessions;
    private final Clock clock;

    public RunningNodes(SessionFactory sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    /** A running node, with the console URL it serves. */
    public record Node(String name, String consoleUrl, Instant startedAt) {}

    public void beat(String name, String consoleUrl, Instant startedAt) {
        Instant now = clock.instant();
        sessions.inTransaction(s -> {
            int updated = s.createNativeMutationQuery("UPDATE datacenter_node SET heartbeat_at = :now, console_url = :url,"
                            + " started_at = :started WHERE name = :name")
                    .setParameter("now", now).setParameter("url", consoleUrl).setParameter("started", startedAt)
                    .setParameter("name", name).executeUpdate();
            if (updated == 0) {
                s.createNativeMutationQuery("INSERT INTO datacenter_node (name, console_url, started_at, heartbeat_at)"
                                + " VALUES (:name, :url, :started, :now)")
                        .setParameter("now", now).setParameter("url", consoleUrl).setParameter("started", startedAt)
                        .setParameter("name", name).executeUpdate();
            }
        });
    }

    public void leave(String name) {
        sessions.inTransaction(s -> s.createNativeMutationQuery("DELETE FROM datacenter_node WHERE name = :name")
                .setParameter("name", name).executeUpdate());
    }

    public List<Node> running() {
        Instant cutoff = clock.instant().minus(STALE);
        return sessions.fromSession(s -> s.createNativeQuery("SELECT name, console_url, started_at, heartbeat_at FROM datacenter_node"
                        + " ORDER BY name", Object[].class).getResultList().stream()
                .filter(r -> org.radpost.datacenter.tracking.StudySearch.instant(r[3]).isAfter(cutoff))
                .map(r -> new Node((String) r[0], (String) r[1], org.radpost.datacenter.tracking.StudySearch.instant(r[2])))
                .toList());
    }
}
