package org.radpost.archiver.retention;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/** A mandatory storage period for a modality, for all centers (center null) or one center. */
@Entity
@Table(name = "archive_retention_rule")
public class RetentionRuleRow {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "modality", nullable = false)
    private String modality;
    @Column(name = "center_code")
    private String centerCode;
    @Column(name = "period_years", nullable = false)
    private int periodYears;
    @Column(name = "period_days", nullable = false)
    private int periodDays;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;
    @Column(name = "updated_by", nullable = false)
    private String updatedBy;

    protected RetentionRuleRow() {}

    RetentionRuleRow(RetentionRule rule, Instant at, String by) {
        this.modality = rule.modality();
        this.centerCode = rule.centerCode().orElse(null);
        update(rule, at, by);
    }

    void update(RetentionRule rule, Instant at, String by) {
        this.periodYears = rule.years();
        this.periodDays = rule.days();
        this.updatedAt = at;
        this.updatedBy = by;
    }

    RetentionRule toRule() {
        return new RetentionRule(modality, Optional.ofNullable(centerCode), periodYears, periodDays);
    }
}
