package org.radpost.viewer.retention;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.radpost.viewer.store.Inbox;
import org.radpost.wire.SopInstanceUid;
import org.radpost.viewer.store.OutgoingMessage;
import org.radpost.viewer.store.OutgoingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the agent's spool from growing forever. At start-up, before the poller runs, it removes what a crash left
 * behind: everything in incoming/ (partial downloads, extraction folders, mail cache files) and files under objects/
 * that no stored object's row names. Then, periodically, it removes sent messages' .eml files from outgoing/ and
 * refused messages from rejected/ once they are older than the keep period. Each removal is logged.
 */
public final class SpoolRetention {
    private static final Logger log = LoggerFactory.getLogger(SpoolRetention.class);

    /** What one pass removed. */
    public record Removed(int files, List<Path> examples) {
        static Removed of(List<Path> paths) {
            return new Removed(paths.size(), paths.stream().limit(5).toList());
        }
    }

    private final Path dataFolder;
    private final Inbox inbox;
    private final OutgoingQueue outgoing;
    private final Duration keep;
    private final Clock clock;

    public SpoolRetention(Path dataFolder, Inbox inbox, OutgoingQueue outgoing, Duration keep, Clock clock) {
        this.dataFolder = dataFolder;
        this.inbox = inbox;
        this.outgoing = outgoing;
        this.keep = keep;
        this.clock = clock;
    }

    /** Removes crash leftovers; call it before the poller starts (it treats everything in incoming/ as stale). */
    public Removed sweepAtStartUp() throws IOException {
        List<Path> removed = new java.util.ArrayList<>();
        Path incoming = dataFolder.resolve("incoming");
        if (Files.isDirectory(incoming)) {
            try (Stream<Path> entries = Files.list(incoming)) {
                for (Path entry : entries.toList()) {
                    removed.addAll(deleteTree(entry));
                }
            }
        }
        Path objects = dataFolder.resolve("objects");
        if (Files.isDirectory(objects)) {
            try (Stream<Path> files = Files.walk(objects)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    if (!isStoredObject(file)) {
                        Files.deleteIfExists(file);
                        removed.add(file);
                    }
                }
            }
        }
        Removed result = Removed.of(removed);
        if (result.files() > 0) {
            log.info("start-up sweep removed {} file(s) a crash left in the spool, e.g. {}", result.files(), result.examples());
        }
        return result;
    }

    /** Removes sent and refused mail older than the keep period. */
    public Removed removeExpired() throws IOException {
        Instant cutoff = clock.instant().minus(keep);
        List<Path> removed = new java.util.ArrayList<>();
        for (OutgoingMessage sent : outgoing.sentBefore(cutoff)) {
            if (Files.deleteIfExists(sent.eml())) {
                removed.add(sent.eml());
            }
            outgoing.markEmlRemoved(sent.id());
        }
        Path rejected = dataFolder.resolve("rejected");
        if (Files.isDirectory(rejected)) {
            try (Stream<Path> files = Files.list(rejected)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
                        Files.deleteIfExists(file);
                        removed.add(file);
                    }
                }
            }
        }
        Removed result = Removed.of(removed);
        if (result.files() > 0) {
            log.info("spool retention removed {} file(s) older than {}, e.g. {}", result.files(), keep, result.examples());
        }
        return result;
    }

    /** The periodic pass as a loop body: failures are logged by the loop and retried next time. */
    public void removeExpiredQuietly() {
        try {
            removeExpired();
        } catch (IOException e) {
            log.warn("spool retention could not remove some files (it tries again): {}", e.toString());
        }
    }

    /**
     * Objects are kept as objects/&lt;study&gt;/&lt;sop&gt;.dcm; judged by the UID in the name, not by the path
     * string, so a data folder spelled differently on the next start never makes stored objects look orphaned.
     */
    private boolean isStoredObject(Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith(".dcm")) {
            return false;
        }
        try {
            return inbox.hasObject(SopInstanceUid.of(name.substring(0, name.length() - ".dcm".length())));
        } catch (IllegalArgumentException notAUid) {
            return false;
        }
    }

    /** Deletes a file or a folder with everything in it; returns the files (not folders) removed. */
    private static List<Path> deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            List<Path> all = paths.sorted(Comparator.reverseOrder()).toList();
            List<Path> files = all.stream().filter(Files::isRegularFile).toList();
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
            return files;
        }
    }
}
