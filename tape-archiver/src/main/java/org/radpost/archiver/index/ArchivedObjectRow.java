package org.radpost.archiver.index;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.radpost.archiver.ArchiveItem;
import org.radpost.archiver.ArchiveRecord;
import org.radpost.wire.Sha256;
import org.radpost.wire.SopInstanceUid;
import org.radpost.wire.StudyUid;

/**
 * One TAR entry holding one object. A row is never reused: an expired or replaced object keeps its row,
 * flagged deleted, until compaction leaves its bytes behind.
 */
@Entity
@Table(name = "archive_object")
public class ArchivedObjectRow {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "sop_instance_uid", nullable = false)
    private String sopInstanceUid;
    @Column(name = "study_instance_uid", nullable = false)
    private String studyInstanceUid;
    @Column(name = "patient_id", nullable = false)
    private String patientId;
    @Column(name = "accession_number", nullable = false)
    private String accessionNumber;
    @Column(name = "modality", nullable = false)
    private String modality;
    @Column(name = "center_code", nullable = false)
    private String centerCode;
    @Column(name = "volume_id", nullable = false)
    private long volumeId;
    @Column(name = "entry_name", nullable = false)
    private String entryName;
    @Column(name = "entry_offset", nullable = false)
    private long entryOffset;
    @Column(name = "size_bytes", nullable = false)
    private long sizeBytes;
    @Column(name = "sha256", nullable = false)
    private String sha256;
    @Column(name = "archived_at", nullable = false)
    private Instant archivedAt;
    @Column(name = "study_date")
    private LocalDate studyDate;
    @Column(name = "expiry_date")
    private LocalDate expiryDate;
    @Column(name = "deleted", nullable = false)
    private boolean deleted;
    @Enumerated(EnumType.STRING)
    @Column(name = "removal")
    private Removal removal;
    @Column(name = "deleted_at")
    private Instant deletedAt;

    /** Why a row no longer names a live object: expired (its bytes may go), or superseded by a newer version (kept). */
    public enum Removal { EXPIRED, SUPERSEDED }

    protected ArchivedObjectRow() {}

    public ArchivedObjectRow(ArchiveItem item, long volumeId, String entryName, long entryOffset, long sizeBytes,
                             Instant archivedAt, LocalDate expiryDate) {
        this.sopInstanceUid = item.sopInstanceUid().value();
        this.studyInstanceUid = item.studyUid().value();
        this.patientId = item.patientId();
        this.accessionNumber = item.accessionNumber();
        this.modality = item.modality();
        this.centerCode = item.centerCode();
        this.volumeId = volumeId;
        this.entryName = entryName;
        this.entryOffset = entryOffset;
        this.sizeBytes = sizeBytes;
        this.sha256 = item.sha256().hex();
        this.archivedAt = archivedAt;
        this.studyDate = item.studyDate().orElse(null);
        this.expiryDate = expiryDate;
    }

    public Long id() {
        return id;
    }

    public String sopInstanceUid() {
        return sopInstanceUid;
    }

    public String studyInstanceUid() {
        return studyInstanceUid;
    }

    public String centerCode() {
        return centerCode;
    }

    public String modality() {
        return modality;
    }

    public long volumeId() {
        return volumeId;
    }

    public String entryName() {
        return entryName;
    }

    public long entryOffset() {
        return entryOffset;
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    public Sha256 sha256() {
        return new Sha256(sha256);
    }

    public Instant archivedAt() {
        return archivedAt;
    }

    public Optional<LocalDate> studyDate() {
        return Optional.ofNullable(studyDate);
    }

    public boolean deleted() {
        return deleted;
    }

    /** Why the row is no longer live; empty while it is. */
    public Optional<Removal> removal() {
        return Optional.ofNullable(removal);
    }

    /** True when compaction may drop the entry: only expiry removes bytes; a superseded version stays for life. */
    public boolean expired() {
        return removal == Removal.EXPIRED;
    }

    public LocalDate expiryDate() {
        return expiryDate;
    }

    public void expiryDate(LocalDate expiry) {
        this.expiryDate = expiry;
    }

    public void markDeleted(Removal why, Instant at) {
        this.deleted = true;
        this.removal = why;
        this.deletedAt = at;
    }

    /** Points the row at its copy in a compacted volume. */
    public void movedTo(long newVolumeId, long newOffset) {
        this.volumeId = newVolumeId;
        this.entryOffset = newOffset;
    }

    public org.radpost.archiver.volume.ManifestLine toManifestLine() {
        return new org.radpost.archiver.volume.ManifestLine(entryName, sha256(), sizeBytes, entryOffset);
    }

    public ArchiveRecord toRecord() {
        return new ArchiveRecord(SopInstanceUid.of(sopInstanceUid), StudyUid.of(studyInstanceUid), patientId,
                accessionNumber, modality, centerCode, volumeId, entryName, entryOffset, sizeBytes, sha256(),
                archivedAt, Optional.ofNullable(studyDate), Optional.ofNullable(expiryDate));
    }
}
