package org.radpost.datacenter.reconcile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.radpost.datacenter.spool.Spool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clears what a crash left behind, once at start-up: every file under the data folder that no row points at (see
 * {@link Leftover}) is removed, each removal audited as a {@code reconcile_action} row. Files a row points at are
 * never touched. Files younger than the grace period are left alone, because with several nodes sharing one data
 * folder they may be another node's work in progress ({@code -Dradpost.reconcile.grace}, ISO-8601, default 10 min).
 */
public final class Reconciliation {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciliation.class);
    public static final Duration DEFAULT_GRACE = Duration.parse(System.getProperty("radpost.reconcile.grace", "PT10M"));

    private final SessionFactory sessions;
    private final Path dataDir;
    private final Clock clock;
    private final Duration grace;
    private final String node;

    public Reconciliation(SessionFactory sessions, Path dataDir, Clock clock, Duration grace) {
        this.sessions = sessions;
        this.dataDir = dataDir;
        this.clock = clock;
        this.grace = grace;
        this.node = nodeName();
    }

    /** What one run removed. */
    public record Removed(Leftover kind, Path path) {}

    /** Removes every leftover and records each removal; a fault on one file is logged and the rest go on. */
    public List<Removed> run() {
        Set<Path> referenced = referencedFiles();
        Instant cutoff = clock.instant().minus(grace);
        List<Removed> removed = new ArrayList<>();
        for (Leftover kind : Leftover.values()) {
            for (Path candidate : candidates(kind)) {
                if (referenced.contains(candidate.toAbsolutePath().normalize()) || !olderThan(candidate, cutoff)) {
                    continue;
                }
                Spool.deleteQuietly(candidate);
                if (Files.exists(candidate)) {
                    LOG.warn("could not remove the crash leftover {}; remove it by hand", candidate);
                    continue;
                }
                removed.add(new Removed(kind, candidate));
            }
        }
        if (!removed.isEmpty()) {
            sessions.inTransaction(s -> removed.forEach(r -> audit(s, r)));
            LOG.info("start-up reconciliation removed {} crash leftover(s)", removed.size());
        }
        return removed;
    }

    private List<Path> candidates(Leftover kind) {
        Path folder = dataDir.resolve(kind.folder());
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = switch (kind) {
            // Objects and mailboxes are one folder deeper (study, account); work folders go whole.
            case OBJECT_FILE, MAILBOX_FILE -> Files.walk(folder, 2).filter(Files::isRegularFile);
            case WORK_FOLDER -> Files.list(folder);
            case SPOOL_FILE, STAGING_FILE -> Files.list(folder).filter(Files::isRegularFile);
        }) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + " for the start-up reconciliation: " + e.getMessage(), e);
        }
    }

    /** Every file a row still needs: spooled messages, objects, and mailbox entries not yet fetched. */
    private Set<Path> referencedFiles() {
        Set<Path> paths = new HashSet<>();
        sessions.inSession(s -> {
            paths(s, "select spool_path from message", paths);
            paths(s, "select file_path from instance", paths);
            // A fetched receipt's or prior's file goes after the POP3 deletion commits; a study's is its spool file.
            paths(s, "select file_path from delivery where state = 'QUEUED' or kind not in ('RECEIPT', 'PRIOR')", paths);
        });
        return paths;
    }

    private static void paths(Session s, String sql, Set<Path> into) {
        for (Object path : s.createNativeQuery(sql, Object.class).getResultList()) {
            into.add(Path.of(path.toString()).toAbsolutePath().normalize());
        }
    }

    private static boolean olderThan(Path path, Instant cutoff) {
        try {
            return !Files.getLastModifiedTime(path).toInstant().isAfter(cutoff);
        } catch (IOException e) {
            return false;   // gone meanwhile, or unreadable: leave it
        }
    }

    private void audit(Session s, Removed removed) {
        s.createNativeMutationQuery("insert into reconcile_action (at, node, kind, action, path, detail)"
                        + " values (:at, :node, :kind, 'REMOVED', :path, :detail)")
                .setParameter("at", clock.instant()).setParameter("node", node).setParameter("kind", removed.kind().name())
                .setParameter("path", truncate(removed.path().toString(), 1024))
                .setParameter("detail", truncate(removed.kind().why(), 1000)).executeUpdate();
    }

    private static String truncate(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }

    private static String nodeName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName() + ":" + ProcessHandle.current().pid();
        } catch (IOException e) {
            return "pid " + ProcessHandle.current().pid();
        }
    }
}
