package org.radpost.archiver.volume;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.hibernate.SessionFactory;
import org.radpost.archiver.index.AuditLog;
import org.radpost.archiver.index.VolumeRow;

/** Volume-wide operations: listing, recovering every open volume at start-up, sealing an open volume early. */
public final class Volumes {
    private final SessionFactory sessions;
    private final ShelfLock shelves;
    private final OpenVolumes openVolumes;
    private final VolumeSealer sealer;

    public Volumes(SessionFactory sessions, VolumePaths paths, Clock clock, ShelfLock shelves, AuditLog audit) {
        this.sessions = sessions;
        this.shelves = shelves;
        this.openVolumes = new OpenVolumes(paths, clock, audit);
        this.sealer = new VolumeSealer(paths, clock, audit);
    }

    public List<VolumeInfo> list() {
        return sessions.fromTransaction(s -> s.createQuery("from VolumeRow order by centerCode, modality, id",
                VolumeRow.class).getResultList().stream().map(VolumeRow::toInfo).toList());
    }

    public Optional<VolumeInfo> find(long volumeId) {
        return sessions.fromTransaction(s -> Optional.ofNullable(s.find(VolumeRow.class, volumeId)).map(VolumeRow::toInfo));
    }

    /** Brings every open volume back to its committed state; run at start-up, before the first append. */
    public void recoverAll(String actor) {
        for (VolumeInfo open : list().stream().filter(v -> v.state() == VolumeState.OPEN).toList()) {
            shelves.inTransaction(open.centerCode(), open.modality(), s -> {
                VolumeRow row = s.find(VolumeRow.class, open.id());
                if (row.state() == VolumeState.OPEN) {
                    openVolumes.recover(s, row, actor);
                }
                return null;
            });
        }
    }

    /** Seals one open volume now (before it reaches the cap); false when it was not open. */
    public boolean sealOpen(long volumeId, String actor) {
        Optional<VolumeInfo> info = find(volumeId);
        if (info.isEmpty() || info.get().state() != VolumeState.OPEN) {
            return false;
        }
        Path sealed = shelves.inTransaction(info.get().centerCode(), info.get().modality(), s -> {
            VolumeRow row = s.find(VolumeRow.class, volumeId);
            if (row.state() != VolumeState.OPEN) {
                return null;
            }
            openVolumes.recover(s, row, actor);
            return sealer.seal(s, row, actor);
        });
        if (sealed != null) {
            VolumeSealer.makeReadOnly(sealed);
        }
        return sealed != null;
    }
}
