package org.radpost.datacenter.reconcile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.radpost.datacenter.spool.NodeClaim;
import org.radpost.datacenter.spool.Spool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clears what a crash left behind, once at start-up: every file under the data folder that no row points at (see
 * {@link Leftover}) is removed, each removal audited as a {@code reconcile_action} row. Files a row points at are
 * never touched; a de-identified copy ({@code deidentified/<pop uid>/}) stays while its delivery is being prepared
 * or waits in the mailbox with that copy as its payload. Several nodes may share the data folder, so a file named with a node's tag ({@link NodeClaim}) is
 * left alone while that node lives, however old, and removed once it died, however young. A file without a tag
 * (objects, files from before tags) is left alone while younger than the grace period, since it may be a live
 * node's work in progress ({@code -Dradpost.reconcile.grace}, ISO-8601, default 10 min).
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
        // Listed before the rows are read: a file a live node commits a row for meanwhile is then seen as referenced.
        Map<Leftover, List<Path>> candidates = new EnumMap<>(Leftover.class);
        for (Leftover kind : Leftover.values()) {
            candidates.put(kind, candidates(kind));
        }
        Set<Path> referenced = referencedFiles();
        Set<Path> neededCopies = neededDeidentifiedCopies();
        Instant cutoff = clock.instant().minus(grace);
        Map<String, Boolean> live = new HashMap<>();
        List<Removed> removed = new ArrayList<>();
        for (Leftover kind : Leftover.values()) {
            for (Path candidate : candidates.get(kind)) {
                Path absolute = candidate.toAbsolutePath().normalize();
                boolean needed = kind == Leftover.DEIDENTIFIED_COPY ? neededCopies.contains(absolute) : referenced.contains(absolute);
                if (needed || inFlight(candidate, cutoff, live)) {
                    continue;
                }
                boolean emptyFolder = isEmptyFolder(candidate);
                Spool.deleteQuietly(candidate);
                if (Files.exists(candidate)) {
                    LOG.warn("could not remove the crash leftover {}; remove it by hand", candidate);
                    continue;
                }
                if (!emptyFolder) {   // a dead node's empty staging folder held nothing worth an audit row
                    removed.add(new Removed(kind, candidate));
                }
            }
        }
        removeLocksOfDeadNodes(live);
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
            // Objects and mailboxes are one folder deeper (study, account).
            case OBJECT_FILE, MAILBOX_FILE -> Files.walk(folder, 2).filter(Files::isRegularFile);
            // Work folders go whole; so does a dead node's staging folder (smtp-staging/<tag>/) and a de-identified copy.
            case WORK_FOLDER, STAGING_FILE, DEIDENTIFIED_COPY -> Files.list(folder);
            case SPOOL_FILE -> Files.list(folder).filter(Files::isRegularFile);
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

    /**
     * The de-identified copies a delivery still needs: one being prepared (its delivery still ROUTED: the
     * de-identify or deliver stage may be at work on it, or re-runs it after a crash), and one that is the payload of
     * a delivery waiting in the mailbox. A fetched delivery's copy, or one the deliver stage sealed into the mailbox,
     * is needed no more.
     */
    private Set<Path> neededDeidentifiedCopies() {
        Path folder = dataDir.resolve(Leftover.DEIDENTIFIED_COPY.folder()).toAbsolutePath().normalize();
        Set<Path> copies = new HashSet<>();
        sessions.inSession(s -> {
            for (Object[] row : s.createNativeQuery("select pop_uid, state, file_path from delivery"
                    + " where state in ('ROUTED', 'QUEUED')", Object[].class).getResultList()) {
                Path copy = folder.resolve(row[0].toString());
                if ("ROUTED".equals(row[1].toString()) || Path.of(row[2].toString()).toAbsolutePath().normalize().startsWith(copy)) {
                    copies.add(copy);
                }
            }
        });
        return copies;
    }

    private static void paths(Session s, String sql, Set<Path> into) {
        for (Object path : s.createNativeQuery(sql, Object.class).getResultList()) {
            into.add(Path.of(path.toString()).toAbsolutePath().normalize());
        }
    }

    /** Maybe some node's work in progress: its node lives, or it names none and is too young to judge. */
    private boolean inFlight(Path candidate, Instant cutoff, Map<String, Boolean> live) {
        Optional<String> tag = NodeClaim.tagOf(candidate);
        if (tag.isPresent()) {
            return live.computeIfAbsent(tag.get(), t -> NodeClaim.isLive(dataDir, t));
        }
        return !olderThan(candidate, cutoff);
    }

    /** Lock files of nodes that stopped or died (checking a node removes its lock file once it is dead). */
    private void removeLocksOfDeadNodes(Map<String, Boolean> live) {
        Path folder = dataDir.resolve(NodeClaim.FOLDER);
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> locks = Files.list(folder)) {
            locks.map(NodeClaim::tagOf).flatMap(Optional::stream)
                    .forEach(tag -> live.computeIfAbsent(tag, t -> NodeClaim.isLive(dataDir, t)));
        } catch (IOException e) {
            LOG.warn("cannot list {} to remove the lock files of stopped nodes", folder, e);
        }
    }

    private static boolean isEmptyFolder(Path path) {
        if (!Files.isDirectory(path)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(path)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
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
