package org.radpost.packager.outbox;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.radpost.wire.WireHeaders;
import org.radpost.wire.internal.DurableFiles;
import org.radpost.wire.tls.OwnerOnly;
import org.radpost.wire.transport.SubmitOutcome;
import org.radpost.wire.transport.Submitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable local outbox folder: each message is {@code <id>.eml} plus {@code <id>.state}. A message leaves
 * only after the server's 250; a connection failure or 4xx schedules a retry with backoff; a 5xx keeps it,
 * marked failed with the server's reason, for the operator. Every write is atomic and fsynced, so killing
 * the packager at any instant loses nothing (a message caught "sending" is queued again; the server
 * deduplicates by Message-ID). Several processes may share the folder (a {@code packager send} while the
 * daemon runs): one delivers at a time ({@code .deliver.lock}), and every change to the files is made under
 * {@code .lock}, so no process ever sees, adopts or overwrites another's half-made entry.
 */
public final class Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    private static final String EML = ".eml";
    private static final String STATE = ".state";

    private final Path folder;
    private final Clock clock;
    private final RetryPolicy retryPolicy;
    private final int connections;
    /** Held for a whole delivery pass: one deliverer per folder. */
    private final FolderLock deliveryLock;
    /** Held briefly for every change to the entries' files (enqueue, state changes, recovery, retry, remove). */
    private final FolderLock filesLock;

    private Outbox(Path folder, Clock clock, RetryPolicy retryPolicy, int connections) {
        if (connections < 1) {
            throw new IllegalArgumentException("at least one connection is needed, not " + connections);
        }
        this.folder = folder;
        this.clock = clock;
        this.retryPolicy = retryPolicy;
        this.connections = connections;
        this.deliveryLock = new FolderLock(folder.resolve(".deliver.lock"), "delivering");
        this.filesLock = new FolderLock(folder.resolve(".lock"), "changing");
    }

    /** Opens (creating if needed) the outbox in the folder. */
    public static Outbox open(Path folder, Clock clock, RetryPolicy retryPolicy) throws IOException {
        return open(folder, clock, retryPolicy, 1);
    }

    /** As above, submitting on up to {@code connections} SMTP sessions at once. */
    public static Outbox open(Path folder, Clock clock, RetryPolicy retryPolicy, int connections) throws IOException {
        // Owner-only before anything is queued: the messages in it carry patient data.
        OwnerOnly.folder(folder);
        OwnerOnly.folder(folder.resolve("incoming"));
        return new Outbox(folder, clock, retryPolicy, connections);
    }

    public static Outbox open(Path folder) throws IOException {
        return open(folder, Clock.systemUTC(), RetryPolicy.DEFAULT);
    }

    public Path folder() {
        return folder;
    }

    /** A folder on the outbox's file system where messages can be written before {@link #enqueue}. */
    public Path incoming() {
        return folder.resolve("incoming");
    }

    /** Moves the message file into the outbox, queued for delivery now; returns its entry. */
    public OutboxEntry enqueue(Path eml) throws IOException {
        String name = eml.getFileName().toString();
        String id = name.endsWith(EML) ? name.substring(0, name.length() - EML.length()) : name;
        Path target = folder.resolve(id + EML);
        OutboxEntry entry = describe(id, eml, target);
        try (FolderLock.Held held = filesLock.acquire()) {
            if (Files.exists(target) || Files.exists(folder.resolve(id + STATE))) {
                throw new IOException("the outbox already holds a message " + id + "; not enqueuing " + eml + " twice");
            }
            // The message first, then its state: a crash between leaves a message without state, which is adopted.
            DurableFiles.move(eml, target);
            StateFile.write(entry, stateFile(id));
        }
        LOG.info("queued {} (study {}, part {}) for {}", id, entry.studyUid(), entry.part(), entry.to());
        return entry;
    }

    /** Every message in the outbox, oldest first. */
    public List<OutboxEntry> list() throws IOException {
        List<OutboxEntry> entries = new ArrayList<>();
        for (String id : ids()) {
            try {
                entries.add(StateFile.read(id, folder.resolve(id + EML), stateFile(id)));
            } catch (NoSuchFileException e) {
                // Adopted (or cleaned) at the next delivery pass.
            }
        }
        entries.sort(Comparator.comparing(OutboxEntry::enqueuedAt).thenComparing(OutboxEntry::id));
        return entries;
    }

    public Optional<OutboxEntry> find(String id) throws IOException {
        return list().stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /** Submits every queued message whose time has come, in order, and records each outcome durably. */
    public DeliveryReport deliverDue(Submitter submitter) throws IOException {
        return deliverDue(submitter, DeliveryListener.NONE);
    }

    public DeliveryReport deliverDue(Submitter submitter, DeliveryListener listener) throws IOException {
        try (FolderLock.Held delivering = deliveryLock.acquire()) {
            try (FolderLock.Held changing = filesLock.acquire()) {
                recover();
            }
            Queue<OutboxEntry> waiting = new ConcurrentLinkedQueue<>(list());
            List<Delivery> deliveries = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean unreachable = new AtomicBoolean();
            DeliveryListener shared = SendingSessions.oneAtATime(listener);
            // The first message goes alone until one is sent: a server that is down is found by one attempt, and
            // the rest keep their schedule untried.
            boolean oneSent = sendEach(waiting, submitter, shared, deliveries, unreachable, true);
            int sessions = Math.min(connections, waiting.size());
            if (oneSent && sessions == 1) {
                sendEach(waiting, submitter, shared, deliveries, unreachable, false);
            } else if (oneSent && sessions > 1) {
                // Several sessions let the data center use more than one core for one center's study (TLS, checksums,
                // fsyncs); each session takes the oldest entry not yet taken, so the order of first attempts is kept.
                SendingSessions.run(sessions, () -> sendEach(waiting, submitter, shared, deliveries, unreachable, false));
            }
            return new DeliveryReport(List.copyOf(deliveries), list());
        }
    }

    /** Sends the waiting entries one after the other; with {@code untilSent}, only until one was sent (then true). */
    private boolean sendEach(Queue<OutboxEntry> waiting, Submitter submitter, DeliveryListener listener, List<Delivery> deliveries,
                             AtomicBoolean unreachable, boolean untilSent) throws IOException {
        OutboxEntry listed;
        while (!unreachable.get() && (listed = waiting.poll()) != null) {
            Optional<OutboxEntry> due = claim(listed.id());
            if (due.isEmpty()) {
                continue;
            }
            Delivery delivery = deliver(due.get(), submitter, listener);
            deliveries.add(delivery);
            listener.finished(delivery);
            if (delivery.outcome() instanceof SubmitOutcome.TemporaryFailure t && t.serverUnreachable()) {
                unreachable.set(true); // The others would meet the same closed door; they keep their own schedule.
            }
            if (untilSent && delivery.sent()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Marks the entry SENDING if it is still there and due, reading it again under the lock: an operator may have
     * removed or retried it since the list was taken.
     */
    private Optional<OutboxEntry> claim(String id) throws IOException {
        try (FolderLock.Held changing = filesLock.acquire()) {
            OutboxEntry entry;
            try {
                entry = StateFile.read(id, folder.resolve(id + EML), stateFile(id));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
            if (!entry.dueAt(clock.instant()) || !Files.exists(entry.eml())) {
                return Optional.empty();
            }
            StateFile.write(entry.with(OutboxState.SENDING, entry.attempts() + 1, entry.nextAttempt(),
                    entry.lastReason().orElse(null)), stateFile(id));
            return Optional.of(entry);
        }
    }

    private Delivery deliver(OutboxEntry entry, Submitter submitter, DeliveryListener listener) throws IOException {
        int attempt = entry.attempts() + 1;
        listener.starting(entry);
        SubmitOutcome outcome;
        try {
            outcome = submitter.submit(entry.eml(), listener::bytesSent);
        } catch (RuntimeException e) {
            // An infrastructure fault in the submitter is a reason to retry, never to lose the message.
            outcome = new SubmitOutcome.TemporaryFailure(0, "submission failed: " + e);
        }
        Instant now = clock.instant();
        try (FolderLock.Held changing = filesLock.acquire()) {
            record(entry, attempt, outcome, now);
        }
        return new Delivery(entry, outcome);
    }

    private void record(OutboxEntry entry, int attempt, SubmitOutcome outcome, Instant now) throws IOException {
        if (outcome instanceof SubmitOutcome.Sent sent) {
            // The message first: a state file without its message is cleaned up; the reverse would re-send.
            DurableFiles.delete(entry.eml());
            DurableFiles.delete(stateFile(entry.id()));
            LOG.info("sent {} (study {}, part {}): {}", entry.id(), entry.studyUid(), entry.part(), sent.serverReply());
        } else if (outcome instanceof SubmitOutcome.TemporaryFailure failure) {
            Instant next = now.plus(retryPolicy.delayAfter(attempt));
            StateFile.write(entry.with(OutboxState.QUEUED, attempt, next, failure.reason()), stateFile(entry.id()));
            LOG.warn("{} not sent (attempt {}), next try at {}: {}", entry.id(), attempt, next, failure.reason());
        } else {
            StateFile.write(entry.with(OutboxState.FAILED, attempt, now, outcome.describe()), stateFile(entry.id()));
            LOG.error("{} rejected by the server; kept in the outbox for the operator: {}", entry.id(), outcome.describe());
        }
    }

    /** Queues a message again for an attempt now (after the operator fixed the cause of a rejection). */
    public OutboxEntry retry(String id) throws IOException {
        try (FolderLock.Held changing = filesLock.acquire()) {
            OutboxEntry entry = require(id);
            OutboxEntry queued = entry.with(OutboxState.QUEUED, 0, clock.instant(),
                    entry.lastReason().map(r -> "retried by the operator after: " + r).orElse(null));
            StateFile.write(queued, stateFile(id));
            return queued;
        }
    }

    /** Removes a message without sending it. */
    public void remove(String id) throws IOException {
        OutboxEntry entry;
        try (FolderLock.Held changing = filesLock.acquire()) {
            entry = require(id);
            DurableFiles.delete(entry.eml());
            DurableFiles.delete(stateFile(id));
        }
        LOG.info("removed {} (study {}, part {}) from the outbox unsent", id, entry.studyUid(), entry.part());
    }

    /** When the next queued message is due, if any. */
    public Optional<Instant> nextDue() throws IOException {
        return list().stream().filter(e -> e.state() == OutboxState.QUEUED).map(OutboxEntry::nextAttempt)
                .min(Comparator.naturalOrder());
    }

    private OutboxEntry require(String id) throws IOException {
        return find(id).orElseThrow(() -> new NoSuchFileException(
                "no message '" + id + "' in the outbox " + folder + " (run 'packager outbox' to list them)"));
    }

    /** Runs under both locks: whatever a stopped process left half-done is made whole again. */
    private void recover() throws IOException {
        for (String id : ids()) {
            Path eml = folder.resolve(id + EML);
            Path state = stateFile(id);
            boolean hasEml = Files.exists(eml);
            boolean hasState = Files.exists(state);
            if (hasEml && !hasState) {
                StateFile.write(describe(id, eml, eml), state);
                LOG.warn("adopted {} found without a state file (the packager stopped while enqueuing)", id);
            } else if (!hasEml && hasState) {
                DurableFiles.delete(state);
                LOG.info("cleaned the state of {}, whose message was already sent", id);
            } else {
                OutboxEntry entry = StateFile.read(id, eml, state);
                if (entry.state() == OutboxState.SENDING) {
                    StateFile.write(entry.with(OutboxState.QUEUED, entry.attempts(), clock.instant(),
                            "interrupted while sending (the packager stopped); sent again with the same Message-ID"), state);
                    LOG.warn("{} was being sent when the packager stopped; queued again", id);
                }
            }
        }
    }

    private List<String> ids() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(EML) || n.endsWith(STATE))
                    .map(n -> n.substring(0, n.lastIndexOf('.')))
                    .distinct().sorted().toList();
        }
    }

    private Path stateFile(String id) {
        return folder.resolve(id + STATE);
    }

    /** Reads the message's headers only (up to the blank line) for what the operator needs to see. */
    private OutboxEntry describe(String id, Path source, Path target) throws IOException {
        try (InputStream in = Files.newInputStream(source)) {
            InternetHeaders headers = new InternetHeaders(in);
            Instant now = clock.instant();
            return new OutboxEntry(id, target, first(headers, "Message-ID"), first(headers, WireHeaders.STUDY_UID),
                    first(headers, WireHeaders.PART), first(headers, "To"), Files.size(source), OutboxState.QUEUED, 0, now,
                    Optional.empty(), now);
        } catch (MessagingException e) {
            throw new IOException("cannot read the headers of " + source + ": " + e.getMessage(), e);
        }
    }

    private static String first(InternetHeaders headers, String name) {
        String value = headers.getHeader(name, ",");
        return value == null ? "" : value.strip();
    }

}
