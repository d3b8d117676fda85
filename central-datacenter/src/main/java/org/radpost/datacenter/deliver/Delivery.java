package org.radpost.datacenter.deliver;

import org.radpost.wire.StudyUid;
import org.radpost.datacenter.index.UidColumns;
import jakarta.persistence.Convert;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.radpost.wire.Priority;

/**
 * One message for one mailbox, served over POP3; {@code popUid} is its UIDL, unique and never reused. Its
 * payload ({@code filePath}) starts as the spooled original and a stage between route and deliver may replace
 * it (a de-identified copy); the mailbox shows it once it is QUEUED.
 */
@Entity
@Table(name = "delivery")
public class Delivery {
    /** What the mailbox entry carries. */
    public enum Kind {
        /** A center's study for a viewer. */
        STUDY,
        /** A receipt the data center wrote; its file goes once fetched. */
        RECEIPT,
        /** A viewer's overlay or report for the center. */
        RESULT,
        /** An earlier study restored from the archive for comparison; its file goes once fetched. */
        PRIOR
    }

    /** Routed (payload being prepared), waiting in the mailbox, or fetched and deleted by the client. */
    public enum State { ROUTED, QUEUED, DELIVERED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "pop_uid")
    private String popUid;
    private String mailbox;
    @Convert(converter = UidColumns.Study.class)
    @Column(name = "study_uid")
    private StudyUid studyUid;
    @Enumerated(EnumType.STRING)
    private Kind kind;
    @Column(name = "message_ref")
    private Long messageRef;
    @Column(name = "file_path")
    private String filePath;
    @Column(name = "size_bytes")
    private long sizeBytes;
    @Enumerated(EnumType.STRING)
    private Priority priority;
    @Enumerated(EnumType.STRING)
    private State state;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "delivered_at")
    private Instant deliveredAt;

    protected Delivery() {}

    /** A message put straight into a mailbox (receipts, priors): QUEUED at once. */
    public Delivery(String popUid, String mailbox, StudyUid studyUid, Kind kind, Long messageRef, String filePath,
                    long sizeBytes, Priority priority, Instant now) {
        this(popUid, mailbox, studyUid, kind, messageRef, filePath, sizeBytes, priority, State.QUEUED, now);
    }

    private Delivery(String popUid, String mailbox, StudyUid studyUid, Kind kind, Long messageRef, String filePath,
                     long sizeBytes, Priority priority, State state, Instant now) {
        this.popUid = popUid;
        this.mailbox = mailbox.toLowerCase();
        this.studyUid = studyUid;
        this.kind = kind;
        this.messageRef = messageRef;
        this.filePath = filePath;
        this.sizeBytes = sizeBytes;
        this.priority = priority;
        this.state = state;
        this.createdAt = now;
    }

    /** A routed message for one destination, its payload the spooled original until a stage replaces it. */
    public static Delivery routed(String mailbox, StudyUid studyUid, Kind kind, Long messageRef, String spooled, long size,
                                  Priority priority, Instant now) {
        return new Delivery(UUID.randomUUID().toString(), mailbox, studyUid, kind, messageRef, spooled, size, priority,
                State.ROUTED, now);
    }

    public Long id() { return id; }
    public String popUid() { return popUid; }
    public String mailbox() { return mailbox; }
    public StudyUid studyUid() { return studyUid; }
    public Kind kind() { return kind; }
    public Long messageRef() { return messageRef; }
    public String filePath() { return filePath; }
    public long sizeBytes() { return sizeBytes; }
    public Priority priority() { return priority; }
    public State state() { return state; }
    public Instant createdAt() { return createdAt; }
    public Instant deliveredAt() { return deliveredAt; }

    /** A stage transformed the message for this destination: the mailbox serves the new file. */
    public void payload(Path file, long size) {
        if (state != State.ROUTED) {
            throw new IllegalStateException("delivery " + popUid + " to " + mailbox + " is " + state + "; only a routed payload may change");
        }
        this.filePath = file.toString();
        this.sizeBytes = size;
    }

    /** Into the mailbox: POP3 lists it from now on. */
    public void queue() {
        if (state == State.ROUTED) {
            state = State.QUEUED;
        }
    }

    public void delivered(Instant at) {
        this.state = State.DELIVERED;
        this.deliveredAt = at;
    }
}
