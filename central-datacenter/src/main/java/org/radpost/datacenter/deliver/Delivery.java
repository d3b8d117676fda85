package org.radpost.datacenter.deliver;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A message in a mailbox served over POP3; {@code popUid} is its UIDL, unique and never reused. */
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

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "pop_uid")
    private String popUid;
    private String mailbox;
    @Column(name = "study_uid")
    private String studyUid;
    private String kind;
    @Column(name = "message_ref")
    private Long messageRef;
    @Column(name = "file_path")
    private String filePath;
    @Column(name = "size_bytes")
    private long sizeBytes;
    private String priority;
    private String state;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "delivered_at")
    private Instant deliveredAt;

    protected Delivery() {}

    public Delivery(String popUid, String mailbox, String studyUid, Kind kind, Long messageRef, String filePath,
                    long sizeBytes, String priority, Instant now) {
        this.popUid = popUid;
        this.mailbox = mailbox.toLowerCase();
        this.studyUid = studyUid;
        this.kind = kind.name();
        this.messageRef = messageRef;
        this.filePath = filePath;
        this.sizeBytes = sizeBytes;
        this.priority = priority;
        this.state = "QUEUED";
        this.createdAt = now;
    }

    public Long id() { return id; }
    public String popUid() { return popUid; }
    public String mailbox() { return mailbox; }
    public String studyUid() { return studyUid; }
    public Kind kind() { return Kind.valueOf(kind); }
    public Long messageRef() { return messageRef; }
    public String filePath() { return filePath; }
    public long sizeBytes() { return sizeBytes; }
    public String priority() { return priority; }
    public String state() { return state; }
    public Instant createdAt() { return createdAt; }

    public void delivered(Instant at) {
        this.state = "DELIVERED";
        this.deliveredAt = at;
    }
}
