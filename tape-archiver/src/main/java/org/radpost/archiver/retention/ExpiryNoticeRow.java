package org.radpost.archiver.retention;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A study's expiry notice: for which expiry date it was sent and confirmed. A notice or confirmation counts only
 * for the expiry date it names, so a changed rule asks the center again.
 */
@Entity
@Table(name = "archive_expiry_notice")
public class ExpiryNoticeRow {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "study_instance_uid", nullable = false)
    private String studyInstanceUid;
    @Column(name = "center_code", nullable = false)
    private String centerCode;
    @Column(name = "expiry_date", nullable = false)
    private LocalDate expiryDate;
    @Column(name = "notified_at")
    private Instant notifiedAt;
    @Column(name = "notified_by")
    private String notifiedBy;
    @Column(name = "confirmed_at")
    private Instant confirmedAt;
    @Column(name = "confirmed_by")
    private String confirmedBy;

    protected ExpiryNoticeRow() {}

    ExpiryNoticeRow(String studyInstanceUid, String centerCode, LocalDate expiryDate) {
        this.studyInstanceUid = studyInstanceUid;
        this.centerCode = centerCode;
        this.expiryDate = expiryDate;
    }

    /** Moves the notice to a new expiry date, forgetting a notice or confirmation given for the old one. */
    void forExpiry(LocalDate expiry) {
        if (!expiry.equals(expiryDate)) {
            this.expiryDate = expiry;
            this.notifiedAt = null;
            this.notifiedBy = null;
            this.confirmedAt = null;
            this.confirmedBy = null;
        }
    }

    void notified(String by, Instant at) {
        this.notifiedAt = at;
        this.notifiedBy = by;
    }

    void confirmed(String by, Instant at) {
        this.confirmedAt = at;
        this.confirmedBy = by;
    }

    boolean notifiedFor(LocalDate expiry) {
        return notifiedAt != null && expiry.equals(expiryDate);
    }

    boolean confirmedFor(LocalDate expiry) {
        return confirmedAt != null && expiry.equals(expiryDate);
    }
}
