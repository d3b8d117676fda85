package org.radpost.datacenter.index;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.radpost.wire.ObjectType;

/** One stored DICOM object: an image, an overlay (with the image it annotates) or a report. */
@Entity
@Table(name = "instance")
public class Instance {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "sop_instance_uid")
    private String sopInstanceUid;
    @Column(name = "series_id")
    private Long seriesId;
    @Column(name = "study_id")
    private Long studyId;
    @Enumerated(EnumType.STRING)
    @Column(name = "object_type")
    private ObjectType objectType;
    @Column(name = "sop_class_uid")
    private String sopClassUid;
    @Column(name = "referenced_uid")
    private String referencedUid;
    private String sha256;
    @Column(name = "size_bytes")
    private long sizeBytes;
    @Column(name = "file_path")
    private String filePath;
    @Column(name = "message_id")
    private String messageId;
    @Column(name = "received_at")
    private Instant receivedAt;
    @Column(name = "archived_at")
    private Instant archivedAt;

    protected Instance() {}

    public Instance(String sopInstanceUid, Long seriesId, Long studyId, ObjectType objectType, String sopClassUid,
                    String referencedUid, String sha256, long sizeBytes, String filePath, String messageId, Instant receivedAt) {
        this.sopInstanceUid = sopInstanceUid;
        this.seriesId = seriesId;
        this.studyId = studyId;
        this.objectType = objectType;
        this.sopClassUid = sopClassUid;
        this.referencedUid = referencedUid;
        this.sha256 = sha256;
        this.sizeBytes = sizeBytes;
        this.filePath = filePath;
        this.messageId = messageId;
        this.receivedAt = receivedAt;
    }

    public String sopInstanceUid() { return sopInstanceUid; }
    public Long studyId() { return studyId; }
    public ObjectType objectType() { return objectType; }
    public String referencedUid() { return referencedUid; }
    public String sha256() { return sha256; }
    public long sizeBytes() { return sizeBytes; }
    public String filePath() { return filePath; }
    public Instant archivedAt() { return archivedAt; }
    public void archived(Instant at) { this.archivedAt = at; }
}
