package org.radpost.datacenter.route;

import org.radpost.wire.StudyUid;
import org.radpost.datacenter.index.UidColumns;
import jakarta.persistence.Convert;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A valid message that could not be routed, with the reason, waiting for an admin to release it. */
@Entity
@Table(name = "quarantine")
public class QuarantineEntry {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "message_ref")
    private Long messageRef;
    @Convert(converter = UidColumns.Study.class)
    @Column(name = "study_uid")
    private StudyUid studyUid;
    private String destination;
    @Column(name = "reason_code")
    private String reasonCode;
    private String reason;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "released_at")
    private Instant releasedAt;
    @Column(name = "released_to")
    private String releasedTo;
    @Column(name = "released_by")
    private String releasedBy;

    protected QuarantineEntry() {}

    public QuarantineEntry(Long messageRef, StudyUid studyUid, String destination, String reasonCode, String reason, Instant now) {
        this.messageRef = messageRef;
        this.studyUid = studyUid;
        this.destination = destination;
        this.reasonCode = reasonCode;
        this.reason = reason;
        this.createdAt = now;
    }

    public Long id() { return id; }
    public Long messageRef() { return messageRef; }
    public StudyUid studyUid() { return studyUid; }
    public String destination() { return destination; }
    public String reasonCode() { return reasonCode; }
    public String reason() { return reason; }
    public Instant createdAt() { return createdAt; }
    public Instant releasedAt() { return releasedAt; }
    public String releasedTo() { return releasedTo; }

    public void release(String to, String by, Instant at) {
        this.releasedTo = to;
        this.releasedBy = by;
        this.releasedAt = at;
    }
}
