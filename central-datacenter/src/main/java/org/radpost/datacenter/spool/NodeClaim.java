package org.radpost.datacenter.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One node's claim on a data folder that several nodes share: an OS file lock on {@code nodes/<tag>.lock} held for
 * the life of the process, and the tag that names every file the node has in flight (spool and mailbox files, work
 * and staging folders). The OS drops the lock when the process ends, {@code kill -9} included, so a starting node
 * tells another live node's work in progress (lock held) from a dead node's leftover (lock free) without guessing
 * from file ages. The shared path must support POSIX locks (a local disk, NFSv4, CephFS).
 */
public final class NodeClaim implements AutoCloseable {
    public static final String FOLDER = "nodes";
    private static final Pattern TAGGED = Pattern.compile("(?:^|~)(n[0-9a-f]{12})(?:[.~]|$)");
    /**
     * Claims held in this JVM. They are never probed through the file: on Linux, closing any descriptor of a file
     * drops every POSIX lock the process holds on it, so a probe would release this process's own claim.
     */
    private static final java.util.Set<String> HELD_HERE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Path dataDir;
    private final String tag;
    private final FileChannel channel;
    private final FileLock lock;

    private NodeClaim(Path dataDir, String tag, FileChannel channel, FileLock lock) {
        this.dataDir = dataDir;
        this.tag = tag;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes a fresh claim on {@code dataDir} for this process. */
    public static NodeClaim take(Path dataDir) throws IOException {
        Path folder = Files.createDirectories(dataDir.resolve(FOLDER));
        SecureRandom random = new SecureRandom();
        while (true) {
            String tag = "n" + HexFormat.of().formatHex(random.generateSeed(6));
            Path file = folder.resolve(tag + ".lock");
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            FileLock lock = channel.lock();
            // A reconciliation may have found the file unlocked in the instant before we locked it and removed it.
            if (Files.exists(file)) {
                HELD_HERE.add(tag);
                return new NodeClaim(dataDir, tag, channel, lock);
            }
            channel.close();
        }
    }

    /** This node's tag, e.g. {@code n3f9a2b7c1d0e}. */
    public String tag() {
        return tag;
    }

    /** The suffix a file name carries to say this node made it: {@code ~<tag>}. */
    public String suffix() {
        return "~" + tag;
    }

    /** The node tag a file or folder name carries, if any. */
    public static Optional<String> tagOf(Path file) {
        Matcher m = TAGGED.matcher(file.getFileName().toString());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * True while the node with this tag runs (in this JVM or another process on any host sharing the folder);
     * false once it stopped or died, and then its lock file is removed.
     */
    public static boolean isLive(Path dataDir, String tag) {
        if (HELD_HERE.contains(tag)) {
            return true;
        }
        Path file = dataDir.resolve(FOLDER).resolve(tag + ".lock");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock probe;
            try {
                probe = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                return true;   // being probed by another thread of this JVM
            }
            if (probe == null) {
                return true;   // held by another process
            }
            // Removed while we hold the lock, so a node taking it this instant sees it gone and picks another tag.
            Files.deleteIfExists(file);
            probe.release();
            return false;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return true;   // cannot tell: leave its files alone
        }
    }

    /** Gives the claim up: the lock file goes, so nothing this node made counts as in flight any more. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(dataDir.resolve(FOLDER).resolve(tag + ".lock"));
            lock.release();
            channel.close();
            HELD_HERE.remove(tag);
        } catch (IOException e) {
            // The OS drops the lock when the process ends; the next start removes the file.
        }
    }
}
