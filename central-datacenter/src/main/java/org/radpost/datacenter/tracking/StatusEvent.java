package org.radpost.datacenter.tracking;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One row of the audit trail: a study (or one of its objects) entered a state, at a time, by an actor. */
@Entity
@Table(name = "status_event")
public class StatusEvent {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "study_uid")
    private String studyUid;
    @Column(name = "sop_instance_uid")
    private String sopInstanceUid;
    @Enumerated(EnumType.STRING)
    private TrackingState state;
    private String actor;
    private String detail;
    private Instant at;

    protected StatusEvent() {}

    public StatusEvent(String studyUid, String sopInstanceUid, TrackingState state, String actor, String detail, Instant at) {
        this.studyUid = studyUid;
        this.sopInstanceUid = sopInstanceUid;
        this.state = state;
        this.actor = actor;
        this.detail = detail.length() > 1000 ? detail.substring(0, 997) + "..." : detail;
        this.at = at;
    }

    public String studyUid() { return studyUid; }
    public String sopInstanceUid() { return sopInstanceUid; }
    public TrackingState state() { return state; }
    public String actor() { return actor; }
    public String detail() { return detail; }
    public Instant at() { return at; }
}
