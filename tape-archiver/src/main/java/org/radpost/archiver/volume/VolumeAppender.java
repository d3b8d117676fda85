package org.radpost.archiver.volume;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hibernate.SessionFactory;
import org.radpost.archiver.ArchiveException;
import org.radpost.archiver.ArchiveItem;
import org.radpost.archiver.ArchiveRecord;
import org.radpost.archiver.ArchiverConfig;
import org.radpost.archiver.index.ArchiveIndex;
import org.radpost.archiver.index.ArchivedObjectRow;
import org.radpost.archiver.index.AuditAction;
import org.radpost.archiver.index.AuditEntry;
import org.radpost.archiver.index.AuditLog;
import org.radpost.archiver.index.VolumeRow;

/**
 * Archives one object: under the group's lock, appends it to the open volume (sealing first when the cap would
 * be passed), checks its SHA-256 while copying, fsyncs, and only then commits the index row. The same SOP
 * Instance UID with the same SHA-256 again changes nothing; with a different SHA-256 it becomes the live version
 * and the old copy stays in the archive as a superseded version under its own entry name (never compacted away).
 */
public final class VolumeAppender {
    private final SessionFactory sessions;
    private final ArchiverConfig config;
    private final Clock clock;
    private final VolumePaths paths;
    private final ShelfLock shelves;
    private final OpenVolumes openVolumes;
    private final VolumeSealer sealer;
    private final AuditLog audit;
    private final ExpiryPolicy expiry;

    public VolumeAppender(SessionFactory sessions, ArchiverConfig config, Clock clock, ShelfLock shelves,
                          AuditLog audit, ExpiryPolicy expiry) {
        this.sessions = sessions;
        this.config = config;
        this.clock = clock;
        this.paths = new VolumePaths(config.root());
        this.shelves = shelves;
        this.audit = audit;
        this.expiry = expiry;
        this.openVolumes = new OpenVolumes(paths, clock, audit);
        this.sealer = new VolumeSealer(paths, clock, audit);
    }

    public ArchiveRecord archive(ArchiveItem item) {
        Optional<ArchiveRecord> already = sessions.fromTransaction(s -> ArchiveIndex.live(s, item.sopInstanceUid().value()))
                .filter(row -> row.sha256().equals(item.sha256())).map(ArchivedObjectRow::toRecord);
        if (already.isPresent()) {
            return already.get();
        }
        long size = sizeOf(item);
        List<Path> sealed = new ArrayList<>();
        ArchiveRecord record = shelves.inTransaction(item.centerCode(), item.modality(), s -> {
            Optional<ArchivedObjectRow> previous = ArchiveIndex.live(s, item.sopInstanceUid().value());
            if (previous.isPresent() && previous.get().sha256().equals(item.sha256())) {
                return previous.get().toRecord();   // archived by another thread or node meanwhile
            }
            VolumeRow volume = openVolumes.openVolume(s, item.centerCode(), item.modality(), config.actor());
            if (volume.objectCount() > 0 && volume.sizeBytes() + TarVolume.growthFor(size) > config.volumeCapBytes()) {
                sealed.add(sealer.seal(s, volume, config.actor()));
                volume = openVolumes.create(s, item.centerCode(), item.modality());
            }
            Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            String name = VolumePaths.entryName(item.studyUid().value(), item.sopInstanceUid().value(),
                    ArchiveIndex.versionCount(s, item.sopInstanceUid().value()) + 1);
            AppendedEntry entry = append(volume, item, name, size, now);
            LocalDate expiryDate = expiry.expiryFor(s, item, LocalDate.ofInstant(now, clock.getZone()));
            ArchivedObjectRow row = new ArchivedObjectRow(item, volume.id(), name, entry.offset(), size, now, expiryDate);
            s.persist(row);
            previous.ifPresent(old -> old.markDeleted(ArchivedObjectRow.Removal.SUPERSEDED, now));
            audit.record(s, config.actor(), new AuditEntry(previous.isPresent() ? AuditAction.REPLACE : AuditAction.ARCHIVE,
                    item.centerCode(), item.studyUid().value(), item.sopInstanceUid().value(), volume.id(),
                    size + " bytes at offset " + entry.offset() + " of " + volume.path() + ", sha256 " + entry.sha256()
                            + (previous.isPresent() ? ", replacing sha256 " + previous.get().sha256() : "")));
            if (volume.sizeBytes() >= config.volumeCapBytes()) {
                sealed.add(sealer.seal(s, volume, config.actor()));
            }
            // Return what the database holds (its timestamp precision), so this record equals any later find().
            s.flush();
            s.refresh(row);
            return row.toRecord();
        });
        sealed.forEach(VolumeSealer::makeReadOnly);
        return record;
    }

    /** Appends and fsyncs; on any failure cuts the volume back so nothing unindexed stays behind. */
    private AppendedEntry append(VolumeRow volume, ArchiveItem item, String name, long size, Instant now) {
        Path file = paths.resolve(volume.path());
        try (VolumeWriter writer = VolumeWriter.open(file, volume.sizeBytes());
             InputStream in = Files.newInputStream(item.file())) {
            AppendedEntry entry = writer.append(name, in, size, now);
            if (!entry.sha256().equals(item.sha256())) {
                throw new ChecksumMismatch("object " + item.sopInstanceUid() + " from " + item.file() + " has SHA-256 "
                        + entry.sha256() + " but was handed over with " + item.sha256()
                        + "; it was not archived: check the file (changed on disk?) and hand it over again");
            }
            volume.appended(writer.finishAndSync());
            // The entry is whole and fsynced, its index row not yet committed: a restart must cut it off again.
            org.radpost.schema.FaultPoint.reach("archive-entry-synced");
            return entry;
        } catch (IOException | ChecksumMismatch e) {
            cutBack(file, volume);
            if (e instanceof ChecksumMismatch mismatch) {
                throw new ArchiveException(mismatch.getMessage());
            }
            throw new ArchiveException("cannot archive object " + item.sopInstanceUid() + " into volume "
                    + volume.path() + ": " + e.getMessage() + "; the archive is unchanged, try again", e);
        }
    }

    private static void cutBack(Path file, VolumeRow volume) {
        try {
            TarVolume.truncateTo(file, volume.sizeBytes());
        } catch (IOException ignored) {
            // The next writer of this group recovers the volume before appending.
        }
    }

    private static long sizeOf(ArchiveItem item) {
        try {
            return Files.size(item.file());
        } catch (NoSuchFileException e) {
            throw new ArchiveException("object " + item.sopInstanceUid() + " cannot be archived: its file "
                    + item.file() + " does not exist");
        } catch (IOException e) {
            throw new ArchiveException("object " + item.sopInstanceUid() + " cannot be archived: cannot read "
                    + item.file() + ": " + e.getMessage(), e);
        }
    }

    private static final class ChecksumMismatch extends RuntimeException {
        ChecksumMismatch(String message) {
            super(message);
        }
    }
}
