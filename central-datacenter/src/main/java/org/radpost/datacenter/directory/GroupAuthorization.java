package org.radpost.datacenter.directory;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Permission for a center to send to every viewer of a group, for every modality or for one. */
@Entity
@Table(name = "group_authorization")
public class GroupAuthorization {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "center_id")
    private Long centerId;
    @Column(name = "viewer_group")
    private String viewerGroup;
    private String modality;
    @Column(name = "created_at")
    private Instant createdAt;

    protected GroupAuthorization() {}

    public GroupAuthorization(Long centerId, String viewerGroup, String modality, Instant createdAt) {
        this.centerId = centerId;
        this.viewerGroup = viewerGroup;
        this.modality = modality == null || modality.isBlank() ? null : modality.toUpperCase();
        this.createdAt = createdAt;
    }

    public Long id() { return id; }
    public Long centerId() { return centerId; }
    public String viewerGroup() { return viewerGroup; }
    public String modality() { return modality; }
}
