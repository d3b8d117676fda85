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
import java.util.Optional;
import org.radpost.archiver.volume.VolumeInfo;
import org.radpost.archiver.volume.VolumeState;

/** One TAR volume file: where it is, its state, and how far it is written (size includes the end-of-archive blocks). */
@Entity
@Table(name = "archive_volume")
public class VolumeRow {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "center_code", nullable = false)
    private String centerCode;
    @Column(name = "modality", nullable = false)
    private String modality;
    @Column(name = "path", nullable = false)
    private String path;
    @Enumerated(EnumType.STRING)
    @Column(name = "state", nullable = false)
    private VolumeState state;
    @Column(name = "size_bytes", nullable = false)
    private long sizeBytes;
    @Column(name = "object_count", nullable = false)
    private int objectCount;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "sealed_at")
    private Instant sealedAt;
    @Column(name = "retired_at")
    private Instant retiredAt;
    @Column(name = "compacted_from")
    private Long compactedFrom;

    protected VolumeRow() {}

    public VolumeRow(String centerCode, String modality, VolumeState state, long sizeBytes, Instant createdAt) {
        this.centerCode = centerCode;
        this.modality = modality;
        this.state = state;
        this.sizeBytes = sizeBytes;
        this.createdAt = createdAt;
        this.path = "";
    }

    public Long id() {
        return id;
    }

    public String centerCode() {
        return centerCode;
    }

    public String modality() {
        return modality;
    }

    /** The volume's path relative to the archive root, with '/' separators. */
    public String path() {
        return path;
    }

    public void path(String relativePath) {
        this.path = relativePath;
    }

    public VolumeState state() {
        return state;
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    public int objectCount() {
        return objectCount;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** Records an appended entry: the file now ends at {@code newSize} and holds one more entry. */
    public void appended(long newSize) {
        appended(newSize, 1);
    }

    /** Records {@code entries} entries appended (and fsynced) together: the file now ends at {@code newSize}. */
    public void appended(long newSize, int entries) {
        this.sizeBytes = newSize;
        this.objectCount += entries;
    }

    public void sealed(long newSize, Instant at) {
        this.sizeBytes = newSize;
        this.state = VolumeState.SEALED;
        this.sealedAt = at;
    }

    public void retired(Instant at) {
        this.state = VolumeState.COMPACTED;
        this.retiredAt = at;
    }

    public void compactedFrom(long oldVolumeId, int objects) {
        this.compactedFrom = oldVolumeId;
        this.objectCount = objects;
    }

    public VolumeInfo toInfo() {
        return new VolumeInfo(id, centerCode, modality, path, state, sizeBytes, objectCount, createdAt,
                Optional.ofNullable(sealedAt), Optional.ofNullable(compactedFrom));
    }
}
