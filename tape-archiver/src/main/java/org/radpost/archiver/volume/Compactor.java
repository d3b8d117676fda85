package org.radpost.archiver.volume;

import jakarta.persistence.LockModeType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.radpost.archiver.ArchiveException;
import org.radpost.archiver.index.ArchiveIndex;
import org.radpost.archiver.index.ArchivedObjectRow;
import org.radpost.archiver.index.AuditAction;
import org.radpost.archiver.index.AuditEntry;
import org.radpost.archiver.index.AuditLog;
import org.radpost.archiver.index.VolumeRow;

/**
 * Removes expired and replaced entries from a sealed volume the only way a write-once volume allows: copies its
 * live entries (checking each SHA-256) into a fresh volume, seals that, repoints the index, then retires the old
 * volume and deletes its file. A crash before the commit leaves the old volume in charge; after it, only debris.
 */
public final class Compactor {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Compactor.class);
    private final SessionFactory sessions;
    private final VolumePaths paths;
    private final Clock clock;
    private final AuditLog audit;

    public Compactor(SessionFactory sessions, VolumePaths paths, Clock clock, AuditLog audit) {
        this.sessions = sessions;
        this.paths = paths;
        this.clock = clock;
        this.audit = audit;
    }

    /** Sealed volumes holding at least one expired entry (superseded versions are kept). */
    public List<Long> candidates() {
        return sessions.fromTransaction(s -> s.createQuery(
                        "select distinct o.volumeId from ArchivedObjectRow o, VolumeRow v"
                                + " where o.volumeId = v.id and o.removal = :expired and v.state = :sealed order by o.volumeId",
                        Long.class)
                .setParameter("expired", ArchivedObjectRow.Removal.EXPIRED)
                .setParameter("sealed", VolumeState.SEALED).getResultList());
    }

    public Optional<CompactionResult> compact(long volumeId, String actor) {
        Optional<CompactionResult> result = sessions.fromTransaction(s -> {
            VolumeRow old = s.find(VolumeRow.class, volumeId, LockModeType.PESSIMISTIC_WRITE);
            if (old == null || old.state() != VolumeState.SEALED) {
                return Optional.empty();
            }
            List<ArchivedObjectRow> entries = ArchiveIndex.entriesOf(s, volumeId);
            // Superseded versions are copied with the live ones: a lifetime archive never loses a version.
            List<ArchivedObjectRow> live = entries.stream().filter(e -> !e.expired()).toList();
            if (live.size() == entries.size()) {
                return Optional.empty();
            }
            Optional<Long> fresh = live.isEmpty() ? Optional.empty() : Optional.of(copyLive(s, old, live, actor));
            old.retired(clock.instant());
            audit.record(s, actor, AuditEntry.ofVolume(AuditAction.RETIRE, old.centerCode(), old.id(),
                    "retired " + old.path() + ": " + (entries.size() - live.size()) + " expired or replaced entries removed"
                            + fresh.map(id -> ", " + live.size() + " live entries now in volume " + id).orElse("")));
            return Optional.of(new CompactionResult(volumeId, fresh, live.size(), entries.size() - live.size(),
                    old.sizeBytes()));
        });
        result.ifPresent(r -> deleteRetiredFile(volumeId));
        return result;
    }

    private long copyLive(Session s, VolumeRow old, List<ArchivedObjectRow> live, String actor) {
        VolumeRow fresh = new VolumeRow(old.centerCode(), old.modality(), VolumeState.SEALED, 0, clock.instant());
        s.persist(fresh);
        s.flush();
        fresh.path(paths.relativePath(old.centerCode(), old.modality(), fresh.id()));
        Path source = paths.resolve(old.path());
        Path target = paths.resolve(fresh.path());
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        List<ManifestLine> lines = new ArrayList<>();
        try {
            TarVolume.createEmpty(partial, paths.root());
            try (VolumeWriter writer = VolumeWriter.open(partial, TarVolume.END_OF_ARCHIVE)) {
                for (ArchivedObjectRow row : live) {
                    AppendedEntry copy;
                    try (InputStream in = TarVolume.openEntry(source, row.entryOffset(), row.sizeBytes())) {
                        copy = writer.append(row.entryName(), in, row.sizeBytes(), row.archivedAt());
                    }
                    if (!copy.sha256().equals(row.sha256())) {
                        throw new ArchiveException("object " + row.sopInstanceUid() + " in volume " + old.id() + " ("
                                + source + ") no longer matches its SHA-256; compaction stopped so the damage is not "
                                + "copied. Run 'tape-archiver verify' and restore the volume from a copy");
                    }
                    row.movedTo(fresh.id(), copy.offset());
                    lines.add(copy.toManifestLine());
                }
                writer.append(Manifest.ENTRY_NAME, new Manifest(lines).toBytes(), clock.instant());
                fresh.sealed(writer.finishAndSync(), clock.instant());
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            Durable.syncFolder(target.getParent());
        } catch (IOException e) {
            deleteQuietly(partial);
            throw new ArchiveException("cannot compact volume " + old.id() + " (" + source + ") into " + target + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(partial);
            throw e;
        }
        fresh.compactedFrom(old.id(), live.size());
        audit.record(s, actor, AuditEntry.ofVolume(AuditAction.COMPACT, old.centerCode(), fresh.id(),
                "copied " + live.size() + " live entries of volume " + old.id() + " into sealed " + fresh.path()
                        + " (" + fresh.sizeBytes() + " bytes)"));
        VolumeSealer.makeReadOnly(target);
        return fresh.id();
    }

    private void deleteRetiredFile(long volumeId) {
        String path = sessions.fromTransaction(s -> s.find(VolumeRow.class, volumeId).path());
        try {
            Files.deleteIfExists(paths.resolve(path));
        } catch (IOException e) {
            LOG.warn("retired volume {} ({}) could not be deleted: {}; delete it by hand", volumeId, path, e.getMessage());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // debris only; the volume row was rolled back
        }
    }
}
