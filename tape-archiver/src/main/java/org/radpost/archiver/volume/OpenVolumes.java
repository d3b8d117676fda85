package org.radpost.archiver.volume;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.hibernate.Session;
import org.radpost.archiver.ArchiveException;
import org.radpost.archiver.index.AuditAction;
import org.radpost.archiver.index.AuditEntry;
import org.radpost.archiver.index.AuditLog;
import org.radpost.archiver.index.VolumeRow;

/**
 * Finds or starts the open volume of a group and brings it back to what the index committed when a crash left
 * a partial entry or garbage behind it. Callers hold the group's {@link ShelfLock}.
 */
public final class OpenVolumes {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OpenVolumes.class);
    private final VolumePaths paths;
    private final Clock clock;
    private final AuditLog audit;

    public OpenVolumes(VolumePaths paths, Clock clock, AuditLog audit) {
        this.paths = paths;
        this.clock = clock;
        this.audit = audit;
    }

    /** The group's open volume, recovered if needed, or a new empty one. */
    public VolumeRow openVolume(Session s, String centerCode, String modality, String actor) {
        List<VolumeRow> open = s.createQuery("from VolumeRow where centerCode = :c and modality = :m and state = :st"
                        + " order by id", VolumeRow.class)
                .setParameter("c", centerCode).setParameter("m", modality).setParameter("st", VolumeState.OPEN)
                .getResultList();
        if (open.isEmpty()) {
            return create(s, centerCode, modality);
        }
        VolumeRow volume = open.get(open.size() - 1);
        recover(s, volume, actor);
        return volume;
    }

    /** Starts a new open volume: the row first (its id names the file), then the empty archive, fsynced. */
    public VolumeRow create(Session s, String centerCode, String modality) {
        VolumeRow volume = new VolumeRow(centerCode, modality, VolumeState.OPEN, TarVolume.END_OF_ARCHIVE, clock.instant());
        s.persist(volume);
        s.flush();
        volume.path(paths.relativePath(centerCode, modality, volume.id()));
        Path file = paths.resolve(volume.path());
        try {
            // Ids are never reused, so an existing file here is debris of a rolled-back transaction.
            TarVolume.createEmpty(file, paths.root());
        } catch (IOException e) {
            throw new ArchiveException("cannot create volume " + file + " for center " + centerCode + ", modality "
                    + modality + ": " + e.getMessage() + "; check the archive root's space and permissions", e);
        }
        return volume;
    }

    /** Truncates a partial trailing entry (or garbage) back to the committed size; audits when it had to. */
    public void recover(Session s, VolumeRow volume, String actor) {
        Path file = paths.resolve(volume.path());
        try {
            if (TarVolume.isIntact(file, volume.sizeBytes())) {
                return;
            }
            if (!Files.exists(file)) {
                if (volume.objectCount() > 0) {
                    throw new ArchiveException("open volume " + volume.id() + " (" + file + ") is missing but the index "
                            + "lists " + volume.objectCount() + " objects in it; restore the file from a copy");
                }
                TarVolume.createEmpty(file, paths.root());
            } else {
                long found = Files.size(file);
                TarVolume.truncateTo(file, volume.sizeBytes());
                LOG.warn("recovered open volume {} ({}): {} bytes on disk, {} committed; cut back to the last indexed entry",
                        volume.id(), file, found, volume.sizeBytes());
                audit.record(s, actor, AuditEntry.ofVolume(AuditAction.RECOVER, volume.centerCode(), volume.id(),
                        "open volume had " + found + " bytes on disk, " + volume.sizeBytes()
                                + " committed; cut back to the last indexed entry and rewrote the end records"));
            }
        } catch (IOException e) {
            throw new ArchiveException("cannot recover open volume " + volume.id() + " (" + file + "): "
                    + e.getMessage(), e);
        }
    }
}
