package org.radpost.packager.outbox;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.radpost.wire.tls.OwnerOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exclusive lock named by a file in the outbox folder that holds across processes (an OS file lock) and
 * across the threads and Outbox instances of one JVM (the OS lock belongs to the whole JVM, so a second channel
 * in the same JVM would fail instead of wait). Re-entrant for the thread that holds it.
 */
final class FolderLock {
    private static final Logger LOG = LoggerFactory.getLogger(FolderLock.class);
    private static final ConcurrentHashMap<Path, Shared> BY_FILE = new ConcurrentHashMap<>();

    /** One per lock file in this JVM: the in-JVM lock and, while held, the OS lock. */
    private static final class Shared {
        final ReentrantLock threads = new ReentrantLock();
        FileChannel channel;
        FileLock fileLock;
    }

    /** An acquired lock; closing releases it. */
    interface Held extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    private final Path file;
    private final String purpose;
    private final Shared shared;

    /** @param purpose what the holder does, for the sentence a waiting process logs ("delivering", ...) */
    FolderLock(Path file, String purpose) {
        this.file = file.toAbsolutePath().normalize();
        this.purpose = purpose;
        this.shared = BY_FILE.computeIfAbsent(this.file, k -> new Shared());
    }

    /** Waits for the lock; says once, at INFO, when another process has it, so a waiting command is not a mystery. */
    Held acquire() throws IOException {
        if (!shared.threads.tryLock()) {
            LOG.debug("another thread of this process is {} {}; waiting", purpose, file.getParent());
            shared.threads.lock();
        }
        if (shared.threads.getHoldCount() == 1) {
            try {
                shared.channel = OwnerOnly.writing(file, StandardOpenOption.CREATE);
                shared.fileLock = shared.channel.tryLock();
                if (shared.fileLock == null) {
                    LOG.info("another packager process (a running 'packager daemon'?) is {} {}; waiting for it to finish",
                            purpose, file.getParent());
                    shared.fileLock = shared.channel.lock();
                }
            } catch (IOException | RuntimeException e) {
                closeChannel();
                shared.threads.unlock();
                throw e;
            }
        }
        return this::release;
    }

    private void release() throws IOException {
        try {
            if (shared.threads.getHoldCount() == 1) {
                try {
                    if (shared.fileLock != null) {
                        shared.fileLock.release();
                    }
                } finally {
                    closeChannel();
                }
            }
        } finally {
            shared.threads.unlock();
        }
    }

    private void closeChannel() throws IOException {
        shared.fileLock = null;
        if (shared.channel != null) {
            FileChannel channel = shared.channel;
            shared.channel = null;
            channel.close();
        }
    }
}
