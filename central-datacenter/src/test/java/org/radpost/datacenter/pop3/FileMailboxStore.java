package org.radpost.datacenter.pop3;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.radpost.datacenter.directory.Account;

/**
 * Mailboxes as folders of {@code <uid>.eml} files (a fake, not a mock); remembers every committed deletion and counts
 * the read calls made on the streams it opened (a server that reads byte by byte makes one per byte).
 */
final class FileMailboxStore implements MailboxStore {
    record Commit(String account, Set<String> uids) {
    }

    private final Path root;
    private final List<Commit> commits = new CopyOnWriteArrayList<>();
    private final AtomicLong reads = new AtomicLong();

    FileMailboxStore(Path root) {
        this.root = root;
    }

    void put(String account, String uid, String message) throws IOException {
        Path folder = Files.createDirectories(root.resolve(account));
        Files.writeString(folder.resolve(uid + ".eml"), message);
    }

    void remove(String account, String uid) throws IOException {
        Files.deleteIfExists(root.resolve(account).resolve(uid + ".eml"));
    }

    boolean holds(String account, String uid) {
        return Files.exists(root.resolve(account).resolve(uid + ".eml"));
    }

    List<Commit> commits() {
        return commits;
    }

    /** Read calls made on the opened message streams since the last {@link #resetReads()}. */
    long reads() {
        return reads.get();
    }

    void resetReads() {
        reads.set(0);
    }

    @Override
    public List<MailboxEntry> list(Account account) throws IOException {
        Path folder = root.resolve(account.name());
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<MailboxEntry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder).sorted()) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                entries.add(new MailboxEntry(name.substring(0, name.length() - ".eml".length()), Files.size(file)));
            }
        }
        return entries;
    }

    @Override
    public InputStream open(Account account, String uid) throws IOException {
        return new FilterInputStream(Files.newInputStream(root.resolve(account.name()).resolve(uid + ".eml"))) {
            @Override
            public int read() throws IOException {
                reads.incrementAndGet();
                return super.read();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                reads.incrementAndGet();
                return super.read(buffer, offset, length);
            }
        };
    }

    @Override
    public void commitDeletes(Account account, Set<String> uids) throws IOException {
        for (String uid : uids) {
            Files.deleteIfExists(root.resolve(account.name()).resolve(uid + ".eml"));
        }
        commits.add(new Commit(account.name(), Set.copyOf(uids)));
    }
}
