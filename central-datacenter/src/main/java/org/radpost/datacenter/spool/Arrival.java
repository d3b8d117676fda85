package org.radpost.datacenter.spool;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.radpost.datacenter.directory.Account;
import org.radpost.datacenter.directory.Directory;
import org.radpost.wire.read.ReadMessage;

/**
 * One message on its way through the synchronous half, while the sender waits: who sent it, its envelope
 * recipients, and what each step has made of it so far (the spooled file, the unpacked message).
 */
public final class Arrival {
    private final Account account;
    private final List<String> recipients;
    private final InputStream data;
    private Path spooled;
    private Path work;
    private Path readable;
    private ReadMessage message;
    private String studyUidHint;

    public Arrival(Account account, List<String> recipients, InputStream data) {
        this.account = account;
        this.recipients = List.copyOf(recipients);
        this.data = data;
    }

    public Account account() { return account; }
    /** The login's own address: the actor of every event about this message. */
    public String sender() { return Directory.addressOf(account); }
    public List<String> recipients() { return recipients; }
    public InputStream data() { return data; }
    public Optional<Path> spooled() { return Optional.ofNullable(spooled); }
    public Optional<Path> work() { return Optional.ofNullable(work); }
    /** What Unpack reads: the plain copy Unseal made in the work folder, or the spooled file when it came plain. */
    public Path readable() { return readable != null ? readable : spooled().orElseThrow(); }
    public ReadMessage message() {
        if (message == null) {
            throw new IllegalStateException("the message from " + sender() + " has not been unpacked yet");
        }
        return message;
    }
    public boolean unpacked() { return message != null; }

    /** The study UID to name in a rejection: the message's, or a refused message's header if it was a valid UID. */
    public Optional<String> studyUid() {
        return message != null ? Optional.of(message.studyUid().value()) : Optional.ofNullable(studyUidHint);
    }

    public void spooled(Path file) { this.spooled = file; }
    public void work(Path folder) { this.work = folder; }
    public void readable(Path plainCopy) { this.readable = plainCopy; }
    public void unpacked(ReadMessage message) { this.message = message; }
    public void studyUidHint(String uid) { this.studyUidHint = uid; }
}
