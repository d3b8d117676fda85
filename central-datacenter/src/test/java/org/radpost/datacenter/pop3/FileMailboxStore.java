package org.radpost.datacenter.pop3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.radpost.datacenter.directory.Account;

/** Mailboxes as folders of {@code <uid>.eml} files (a fake, not a mock); remembers every committed deletion. */
final class FileMailboxStore implements MailboxStore {
    record Commit(String account, Set<String> uids) {
    }

    private final Path root;
    private final List<Commit> commits = new CopyOnWriteArrayList<>();

    FileMailboxStore(Path root) {
        this.root = root;
    }

    void put(String account, String uid, String message) throws IOException {
        Path folder = Files.createDirectories(root.resolve(account));
        Files.writeString(folder.resolve(uid + ".eml"), message);
    }

    boolean holds(String account, String uid) {
        return Files.exists(root.resolve(account).resolve(uid + ".eml"));
    }

    List<Commit> commits() {
        return commits;
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
        return Files.newInputStream(root.resolve(account.name()).resolve(uid + ".eml"));
    }

    @Override
    public void commitDeletes(Account account, Set<String> uids) throws IOException {
        for (String uid : uids) {
            Files.deleteIfExists(root.resolve(account.name()).resolve(uid + ".eml"));
        }
        commits.add(new Commit(account.name(), Set.copyOf(uids)));
    }
}
