package org.radpost.archiver.retention;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A center's retention policy. */
@Entity
@Table(name = "archive_center_policy")
public class CenterPolicyRow {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "center_code", nullable = false)
    private String centerCode;
    @Enumerated(EnumType.STRING)
    @Column(name = "policy", nullable = false)
    private CenterPolicy policy;
    @Column(name = "notice_days", nullable = false)
    private int noticeDays;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;
    @Column(name = "updated_by", nullable = false)
    private String updatedBy;

    protected CenterPolicyRow() {}

    CenterPolicyRow(String centerCode) {
        this.centerCode = centerCode;
    }

    void update(CenterRetention retention, Instant at, String by) {
        this.policy = retention.policy();
        this.noticeDays = retention.noticeDays();
        this.updatedAt = at;
        this.updatedBy = by;
    }

    CenterRetention toRetention() {
        return new CenterRetention(centerCode, policy, noticeDays);
    }
}
