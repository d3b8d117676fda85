package org.radpost.datacenter.spool;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.radpost.wire.tls.OwnerOnly;

/**
 * The durable spool on disk: incoming messages ({@code spool/}), the objects taken out of them
 * ({@code objects/<study>/<sop>~<node tag>.dcm}) and per-account mailboxes of generated messages ({@code mailboxes/}).
 * Every file is fsynced, and its folder too, before anyone is told it is stored.
 */
public final class Spool {
    private final Path root;
    private final String suffix;

    /** A spool whose new files carry no node tag (commands run beside the nodes, tests). */
    public Spool(Path root) throws IOException {
        this(root, "");
    }

    /** A node's spool: every file it makes is named with the node's tag (see {@link NodeClaim}). */
    public Spool(Path root, NodeClaim claim) throws IOException {
        this(root, claim.suffix());
    }

    private Spool(Path root, String suffix) throws IOException {
        this.root = root;
        this.suffix = suffix;
        // Patient data lives under these folders: nobody but the data center's user may list or open them.
        OwnerOnly.folder(root);
        for (String folder : new String[] {"spool", "objects", "mailboxes", "work"}) {
            OwnerOnly.folder(root.resolve(folder));
        }
    }

    /** Streams a message to a new spool file, fsyncs it, and refuses it when it passes {@code maxBytes}. */
    public Path write(InputStream message, long maxBytes) throws IOException, TooLargeException {
        Path file = root.resolve("spool").resolve(fileName(".eml"));
        try {
            return writeOrThrow(file, message, maxBytes);
        } catch (IOException | RuntimeException e) {
            // A half-written spool file is never left for anyone to see (a full disk, a cut connection).
            Files.deleteIfExists(file);
            throw e;
        }
    }

    private Path writeOrThrow(Path file, InputStream message, long maxBytes) throws IOException, TooLargeException {
        long written = 0;
        try (FileChannel channel = OwnerOnly.newChannel(file);
             OutputStream out = Channels.newOutputStream(channel)) {
            byte[] buffer = new byte[128 * 1024];
            for (int n; (n = message.read(buffer)) > 0; ) {
                written += n;
                if (written > maxBytes) {
                    out.close();
                    Files.deleteIfExists(file);
                    throw new TooLargeException(maxBytes);
                }
                out.write(buffer, 0, n);
            }
            out.flush();
            org.radpost.schema.FaultPoint.reach("spooled");
            channel.force(true);
            org.radpost.schema.FaultPoint.reach("file-fsynced");
        }
        fsyncFolder(file.getParent());
        org.radpost.schema.FaultPoint.reach("folder-fsynced");
        return file;
    }

    /** A fresh private folder for unpacking one message. */
    public Path newWorkFolder() throws IOException {
        return OwnerOnly.folder(root.resolve("work").resolve(fileName("")));
    }

    /**
     * A fresh file name carrying this node's tag, so until a row points at the file another node's start-up
     * reconciliation knows whose work in progress it is.
     */
    public String fileName(String extension) {
        return UUID.randomUUID() + suffix + extension;
    }

    /** Moves an unpacked object to its permanent place, durably, and returns that place. */
    public Path keepObject(Path unpacked, String studyUid, String sopInstanceUid) throws IOException {
        Path folder = Files.createDirectories(root.resolve("objects").resolve(studyUid));
        // Named with the node's tag too: until its instance row commits, the file is this node's work in progress.
        Path target = folder.resolve(sopInstanceUid + suffix + ".dcm");
        try (FileChannel channel = FileChannel.open(unpacked, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(unpacked, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncFolder(folder);
        return target;
    }

    /** The folder of generated messages (receipts, forwards) waiting in one account's mailbox. */
    public Path mailbox(String address) throws IOException {
        return Files.createDirectories(root.resolve("mailboxes").resolve(address.toLowerCase().replaceAll("[^a-z0-9@._-]", "_")));
    }

    public Path root() {
        return root;
    }

    /** True when a fault's message says the disk is full (ENOSPC) or a quota is exhausted. */
    public static boolean isOutOfSpace(String fault) {
        return fault != null && (fault.contains("No space left on device") || fault.contains("Disk quota exceeded"));
    }

    public static void fsyncFolder(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a directory for fsync; the file itself was forced already.
        }
    }

    public static void deleteQuietly(Path path) {
        try {
            if (Files.isDirectory(path)) {
                try (var walk = Files.walk(path)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            } else {
                Files.deleteIfExists(path);
            }
        } catch (IOException ignored) {
            // leftovers in the work folder are cleaned at the next start
        }
    }

    /** The message passed the size cap while it was being stored. */
    public static final class TooLargeException extends Exception {
        public TooLargeException(long maxBytes) {
            super("the message is larger than " + maxBytes + " bytes");
        }
    }
}
