package org.radpost.datacenter.index;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A series of a study. */
@Entity
@Table(name = "series")
public class Series {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "series_uid")
    private String seriesUid;
    @Column(name = "study_id")
    private Long studyId;
    private String modality;
    private String number;
    private String description;

    protected Series() {}

    public Series(String seriesUid, Long studyId, String modality, String number, String description) {
        this.seriesUid = seriesUid;
        this.studyId = studyId;
        this.modality = modality;
        this.number = number;
        this.description = description.length() > 200 ? description.substring(0, 200) : description;
    }

    public Long id() { return id; }
    public String seriesUid() { return seriesUid; }
}
