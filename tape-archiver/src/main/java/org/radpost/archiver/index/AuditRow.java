package org.radpost.archiver.index;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One audited archive step: what happened, to which study, object or volume, when and by whom. */
@Entity
@Table(name = "archive_audit")
public class AuditRow {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;
    @Column(name = "actor", nullable = false)
    private String actor;
    @Enumerated(EnumType.STRING)
    @Column(name = "action", nullable = false)
    private AuditAction action;
    @Column(name = "center_code")
    private String centerCode;
    @Column(name = "study_instance_uid")
    private String studyInstanceUid;
    @Column(name = "sop_instance_uid")
    private String sopInstanceUid;
    @Column(name = "volume_id")
    private Long volumeId;
    @Column(name = "detail", nullable = false)
    private String detail;

    protected AuditRow() {}

    AuditRow(Instant occurredAt, String actor, AuditEntry entry) {
        this.occurredAt = occurredAt;
        this.actor = actor;
        this.action = entry.action();
        this.centerCode = entry.centerCode();
        this.studyInstanceUid = entry.studyUid();
        this.sopInstanceUid = entry.sopInstanceUid();
        this.volumeId = entry.volumeId();
        this.detail = entry.detail().length() > 1024 ? entry.detail().substring(0, 1024) : entry.detail();
    }

    public AuditEvent toEvent() {
        return new AuditEvent(occurredAt, actor, action, centerCode, studyInstanceUid, sopInstanceUid, volumeId, detail);
    }
}
