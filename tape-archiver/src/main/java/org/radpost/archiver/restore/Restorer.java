package org.radpost.archiver.restore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.hibernate.SessionFactory;
import org.radpost.archiver.ArchiveRecord;
import org.radpost.archiver.index.ArchiveIndex;
import org.radpost.archiver.index.ArchivedObjectRow;
import org.radpost.archiver.index.AuditAction;
import org.radpost.archiver.index.AuditEntry;
import org.radpost.archiver.index.AuditLog;
import org.radpost.archiver.index.VolumeRow;
import org.radpost.archiver.volume.TarVolume;
import org.radpost.archiver.volume.VolumePaths;
import org.radpost.wire.Sha256;

/**
 * Restores objects into a folder as {@code <study UID>/<SOP Instance UID>.dcm}: seeks to each entry's recorded
 * offset, streams it out while hashing, and keeps the file only if its SHA-256 matches the index.
 */
public final class Restorer {
    private final SessionFactory sessions;
    private final VolumePaths paths;
    private final AuditLog audit;

    public Restorer(SessionFactory sessions, VolumePaths paths, AuditLog audit) {
        this.sessions = sessions;
        this.paths = paths;
        this.audit = audit;
    }

    public RestoreReport restore(List<ArchiveRecord> records, Path folder, String actor) {
        return restore(records, folder, actor, bytes -> { });
    }

    /** The same, telling {@code progress} the size of each object once it is written (for a progress bar). */
    public RestoreReport restore(List<ArchiveRecord> records, Path folder, String actor, LongConsumer progress) {
        List<RestoreReport.Restored> restored = new ArrayList<>();
        List<RestoreReport.Failure> failures = new ArrayList<>();
        long bytes = 0;
        for (ArchiveRecord record : records) {
            try {
                Path file = restoreOne(record, folder);
                restored.add(new RestoreReport.Restored(record, file));
                bytes += record.size();
            } catch (NoSuchFileException e) {
                // Compaction may have moved the entry since the record was read: look it up once more.
                Optional<ArchiveRecord> moved = current(record);
                try {
                    if (moved.isEmpty()) {
                        throw new IOException("object is no longer in the archive (expired or replaced)");
                    }
                    restored.add(new RestoreReport.Restored(moved.get(), restoreOne(moved.get(), folder)));
                    bytes += record.size();
                } catch (IOException again) {
                    failures.add(new RestoreReport.Failure(record, again.getMessage()));
                }
            } catch (IOException e) {
                failures.add(new RestoreReport.Failure(record, e.getMessage()));
            }
            progress.accept(record.size());
        }
        auditByStudy(restored, folder, actor);
        return new RestoreReport(restored, failures, bytes);
    }

    private Path restoreOne(ArchiveRecord record, Path folder) throws IOException {
        Path volume = paths.resolve(sessions.fromTransaction(s -> s.find(VolumeRow.class, record.volumeId())).path());
        Path target = folder.resolve(record.studyUid().value()).resolve(record.sopInstanceUid().value() + ".dcm");
        Files.createDirectories(target.getParent());
        Path part = target.resolveSibling(target.getFileName() + ".part");
        MessageDigest digest = Sha256.newDigest();
        try (InputStream in = new DigestInputStream(TarVolume.openEntry(volume, record.offset(), record.size()), digest);
             OutputStream out = Files.newOutputStream(part)) {
            in.transferTo(out);
        }
        Sha256 actual = Sha256.of(digest.digest());
        if (!actual.equals(record.sha256())) {
            Files.deleteIfExists(part);
            throw new IOException("object " + record.sopInstanceUid() + " in volume " + record.volumeId() + " ("
                    + volume + ") reads back with SHA-256 " + actual + " instead of " + record.sha256()
                    + ": the volume is damaged; run 'tape-archiver verify' and restore the volume from a copy");
        }
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    private Optional<ArchiveRecord> current(ArchiveRecord record) {
        return sessions.fromTransaction(s -> ArchiveIndex.live(s, record.sopInstanceUid().value())
                .map(ArchivedObjectRow::toRecord));
    }

    private void auditByStudy(List<RestoreReport.Restored> restored, Path folder, String actor) {
        if (restored.isEmpty()) {
            return;
        }
        Map<String, List<RestoreReport.Restored>> byStudy = new LinkedHashMap<>();
        restored.forEach(r -> byStudy.computeIfAbsent(r.record().studyUid().value(), k -> new ArrayList<>()).add(r));
        sessions.inTransaction(s -> byStudy.forEach((study, objects) -> audit.record(s, actor, AuditEntry.ofStudy(
                AuditAction.RESTORE, objects.get(0).record().centerCode(), study,
                objects.size() + " objects restored to " + folder))));
    }
}
