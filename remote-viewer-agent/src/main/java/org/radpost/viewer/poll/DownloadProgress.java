package org.radpost.viewer.poll;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.angus.mail.pop3.POP3Folder;
import org.radpost.wire.Priority;
import org.radpost.wire.StudyUid;
import org.radpost.wire.WireHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the poller is downloading now and how far it is. The poller reports a session's messages, which one it
 * fetches and when the session ends; the bytes received are measured each time someone asks.
 *
 * <p>How they are measured: Angus' POP3 with {@code filecache.enable} runs the whole RETR into its cache file
 * ({@code pop3.*.mbox} in incoming/, one per open folder, each message appended) before
 * {@code getRawInputStream()} returns, and only then does our reader see a byte (from the local file). Counting the
 * reader's bytes would show nothing during the download and everything at once after it; the cache file growing
 * is the download itself. So a fetch notes the cache's size when it starts, and the bytes received are what the
 * cache has grown by since (Angus writes through an 8 KB buffer: at most that much behind the socket). Wrapping
 * the TLS socket factory would count the same bytes plus TLS framing, at the cost of wrapping every socket method.
 *
 * <p>Sizes come from one LIST ({@link POP3Folder#getSizes()}), not from {@code Message.getSize()}: that one reads
 * the header first (a whole RETR where the server has no TOP) and answers the size without the header.
 */
public final class DownloadProgress {
    private static final Logger log = LoggerFactory.getLogger(DownloadProgress.class);

    private final Path cacheFolder;
    private volatile Session session;

    /** Measures downloads in {@code cacheFolder}, Angus' {@code filecache.dir}. */
    public DownloadProgress(Path cacheFolder) {
        this.cacheFolder = cacheFolder;
    }

    /**
     * The poller's state at one instant.
     *
     * @param running    a POP3 session is open
     * @param messages   messages in this session (0 when idle)
     * @param current    which of them is being fetched, from 1 (0: none yet)
     * @param size       its size as the server listed it (0 when unknown)
     * @param received   bytes of it received so far
     * @param studyUid   its study, when its header was read before the download (servers with TOP)
     * @param priority   its priority, likewise
     * @param bytesLeft  bytes of this session still to come, this message's rest included
     */
    public record Snapshot(boolean running, int messages, int current, long size, long received,
                           Optional<StudyUid> studyUid, Optional<Priority> priority, long bytesLeft) {
        public static final Snapshot IDLE = new Snapshot(false, 0, 0, 0, 0, Optional.empty(), Optional.empty(), 0);

        /** True while a message is on its way. */
        public boolean downloading() {
            return running && current > 0;
        }

        public boolean stat() {
            return priority.filter(p -> p == Priority.STAT).isPresent();
        }
    }

    /** One message as listed at the session's start. */
    private record Listed(Message message, long size, Optional<StudyUid> studyUid, Optional<Priority> priority) {
    }

    /**
     * A running session: its messages in fetch order, the current one's index, its own cache file(s) and their size
     * when the current message started. Only the files there when the session listed its messages count: the STAT
     * lane's session, opened later, has a cache file of its own, which comes and goes with its downloads.
     */
    private record Session(List<Listed> listed, int current, Set<Path> files, long cacheAtStart) {
    }

    /**
     * A session has listed {@code ordered}, in the order it will fetch them. {@code headersRead}: their headers are
     * already loaded (TOP), so the study UID and priority are known without asking the server for anything more.
     */
    void sessionStarted(Folder folder, List<Message> ordered, boolean headersRead) {
        int[] sizes = sizes(folder);
        List<Listed> listed = new ArrayList<>();
        for (Message message : ordered) {
            int number = message.getMessageNumber();
            long size = number >= 1 && number <= sizes.length ? Math.max(0, sizes[number - 1]) : 0;
            listed.add(headersRead ? new Listed(message, size, studyUid(message),
                    header(message, WireHeaders.PRIORITY).map(Priority::fromToken))
                    : new Listed(message, size, Optional.empty(), Optional.empty()));
        }
        session = new Session(List.copyOf(listed), -1, cacheFiles(), 0);
    }

    /** The session starts fetching {@code message} (before anything of it is read, its header included). */
    void fetching(Message message) {
        Session s = session;
        if (s == null) {
            return;
        }
        for (int i = 0; i < s.listed().size(); i++) {
            if (s.listed().get(i).message() == message) {
                session = new Session(s.listed(), i, s.files(), cacheBytes(s.files()));
                return;
            }
        }
    }

    /** The session ended, whether it finished or failed. */
    void sessionEnded() {
        session = null;
    }

    /** The state now; the bytes of the message on its way are measured in this call. */
    public Snapshot snapshot() {
        Session s = session;
        if (s == null) {
            return Snapshot.IDLE;
        }
        if (s.current() < 0) {
            long all = s.listed().stream().mapToLong(Listed::size).sum();
            return new Snapshot(true, s.listed().size(), 0, 0, 0, Optional.empty(), Optional.empty(), all);
        }
        Listed now = s.listed().get(s.current());
        long grown = Math.max(0, cacheBytes(s.files()) - s.cacheAtStart());
        long received = now.size() > 0 ? Math.min(grown, now.size()) : grown;
        long left = s.listed().subList(s.current(), s.listed().size()).stream().mapToLong(Listed::size).sum() - received;
        return new Snapshot(true, s.listed().size(), s.current() + 1, now.size(), received, now.studyUid(),
                now.priority(), Math.max(0, left));
    }

    private static int[] sizes(Folder folder) {
        try {
            return folder instanceof POP3Folder pop3 ? pop3.getSizes() : new int[0];
        } catch (MessagingException | RuntimeException e) {
            log.debug("LIST for the download progress failed; sizes unknown this session: {}", e.toString());
            return new int[0];
        }
    }

    private static Optional<StudyUid> studyUid(Message message) {
        try {
            return header(message, WireHeaders.STUDY_UID).map(StudyUid::of);
        } catch (IllegalArgumentException e) {
            return Optional.empty();   // not a UID: the reader refuses the message later, with the reason
        }
    }

    private static Optional<String> header(Message message, String name) {
        try {
            String[] values = message.getHeader(name);
            return values == null || values.length == 0 ? Optional.empty() : Optional.of(values[0].trim());
        } catch (MessagingException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Angus' cache files now: the open folder's (a session opens its folder before it lists the messages). */
    private Set<Path> cacheFiles() {
        try (Stream<Path> files = Files.list(cacheFolder)) {
            return files.filter(DownloadProgress::isCacheFile).collect(java.util.stream.Collectors.toUnmodifiableSet());
        } catch (NoSuchFileException e) {
            return Set.of();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the download cache " + cacheFolder, e);
        }
    }

    /** Bytes in these cache files now (a file that has gone away counts nothing). */
    private static long cacheBytes(Set<Path> files) {
        return files.stream().mapToLong(DownloadProgress::size).sum();
    }

    private static boolean isCacheFile(Path p) {
        String name = p.getFileName().toString();
        return name.startsWith("pop3.") && name.endsWith(".mbox");   // Angus' TempFile names
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
