package org.radpost.datacenter.deidentify;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One original UID and the replacement that de-identified copies carry instead. */
@Entity
@Table(name = "deid_uid")
public class UidMapping {
    @Id
    @Column(name = "original_uid")
    private String originalUid;
    @Column(name = "replacement_uid")
    private String replacementUid;
    @Column(name = "created_at")
    private Instant createdAt;

    protected UidMapping() {}

    UidMapping(String originalUid, String replacementUid, Instant createdAt) {
        this.originalUid = originalUid;
        this.replacementUid = replacementUid;
        this.createdAt = createdAt;
    }

    public String originalUid() { return originalUid; }
    public String replacementUid() { return replacementUid; }
}
