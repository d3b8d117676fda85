package org.radpost.archiver.retention;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import org.radpost.wire.StudyUid;

/** A hold on a study (legal, clinical): while not released, the study never expires. */
@Entity
@Table(name = "archive_hold")
public class HoldRow {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "study_instance_uid", nullable = false)
    private String studyInstanceUid;
    @Column(name = "reason", nullable = false)
    private String reason;
    @Column(name = "held_by", nullable = false)
    private String heldBy;
    @Column(name = "held_at", nullable = false)
    private Instant heldAt;
    @Column(name = "released_by")
    private String releasedBy;
    @Column(name = "released_at")
    private Instant releasedAt;

    protected HoldRow() {}

    HoldRow(String studyInstanceUid, String reason, String heldBy, Instant heldAt) {
        this.studyInstanceUid = studyInstanceUid;
        this.reason = reason;
        this.heldBy = heldBy;
        this.heldAt = heldAt;
    }

    void release(String by, Instant at) {
        this.releasedBy = by;
        this.releasedAt = at;
    }

    Hold toHold() {
        return new Hold(StudyUid.of(studyInstanceUid), reason, heldBy, heldAt, Optional.ofNullable(releasedBy),
                Optional.ofNullable(releasedAt));
    }
}
