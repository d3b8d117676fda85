package org.radpost.datacenter.directory;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Permission for a center to send to a viewer, for every modality or for one. */
@Entity
@Table(name = "route_authorization")
public class RouteAuthorization {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "center_id")
    private Long centerId;
    @Column(name = "viewer_id")
    private Long viewerId;
    private String modality;
    @Column(name = "created_at")
    private Instant createdAt;

    protected RouteAuthorization() {}

    public RouteAuthorization(Long centerId, Long viewerId, String modality, Instant createdAt) {
        this.centerId = centerId;
        this.viewerId = viewerId;
        this.modality = modality == null || modality.isBlank() ? null : modality.toUpperCase();
        this.createdAt = createdAt;
    }

    public Long id() { return id; }
    public Long centerId() { return centerId; }
    public Long viewerId() { return viewerId; }
    public String modality() { return modality; }
}
