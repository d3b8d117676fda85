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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Archives objects in batches: per (center, modality) group, under the group's lock and in one transaction, appends
 * every new object to the open volume with one writer (sealing and starting a new volume at the cap), checks each
 * SHA-256 while copying, fsyncs the volume once, and only then commits all index and audit rows together. A group
 * larger than {@link #COMMIT_EVERY_BYTES} is committed in several such steps, so one huge message does not hold
 * the lock for minutes. The same SOP Instance UID with the same SHA-256 again (also twice in one batch) changes
 * nothing; with a different SHA-256 it becomes the live version and the old copy stays in the archive as a
 * superseded version under its own entry name (never compacted away).
 */
public final class VolumeAppender {
    /** Bytes of objects appended per commit at most (a single larger object still goes in one step). */
    public static final long COMMIT_EVERY_BYTES = 256L * 1024 * 1024;

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

    /** The one-object batch. */
    public ArchiveRecord archive(ArchiveItem item) {
        return archiveAll(List.of(item)).get(0);
    }

    /**
     * Archives the items and returns their records in the same order. Each commit step is all or nothing: a
     * missing file, a SHA-256 mismatch or a write error throws {@link ArchiveException} with the volume cut back
     * and nothing of that step indexed. Steps committed before (other groups, earlier 256 MB of the same group)
     * stay archived; calling again with the same items finds them and archives the rest.
     */
    public List<ArchiveRecord> archiveAll(List<ArchiveItem> items) {
        ArchiveRecord[] records = new ArchiveRecord[items.size()];
        // The common retry case, already archived, answered without taking any lock.
        sessions.inTransaction(s -> {
            Map<String, ArchivedObjectRow> live = ArchiveIndex.liveOf(s,
                    items.stream().map(item -> item.sopInstanceUid().value()).distinct().toList());
            for (int i = 0; i < items.size(); i++) {
                ArchivedObjectRow row = live.get(items.get(i).sopInstanceUid().value());
                if (row != null && row.sha256().equals(items.get(i).sha256())) {
                    records[i] = row.toRecord();
                }
            }
        });
        Map<String, List<Integer>> byShelf = new LinkedHashMap<>();
        long[] sizes = new long[items.size()];
        for (int i = 0; i < items.size(); i++) {
            if (records[i] == null) {
                ArchiveItem item = items.get(i);
                sizes[i] = sizeOf(item);
                byShelf.computeIfAbsent(item.centerCode() + "\u0000" + item.modality(), k -> new ArrayList<>()).add(i);
            }
        }
        for (List<Integer> shelf : byShelf.values()) {
            for (List<Integer> step : commitSteps(shelf, sizes)) {
                archiveStep(items, step, sizes, records);
            }
        }
        return List.of(records);
    }

    /** Splits a group's items into runs of at most {@link #COMMIT_EVERY_BYTES} (at least one item each). */
    private static List<List<Integer>> commitSteps(List<Integer> shelf, long[] sizes) {
        List<List<Integer>> steps = new ArrayList<>();
        List<Integer> step = new ArrayList<>();
        long bytes = 0;
        for (int i : shelf) {
            if (!step.isEmpty() && bytes + sizes[i] > COMMIT_EVERY_BYTES) {
                steps.add(step);
                step = new ArrayList<>();
                bytes = 0;
            }
            step.add(i);
            bytes += sizes[i];
        }
        steps.add(step);
        return steps;
    }

    /** One commit step: the items of one group, one fsync of the volume (per volume when it rolls over), one commit. */
    private void archiveStep(List<ArchiveItem> items, List<Integer> step, long[] sizes, ArchiveRecord[] records) {
        ArchiveItem first = items.get(step.get(0));
        List<Path> sealed = new ArrayList<>();
        Map<Integer, ArchivedObjectRow> rows = shelves.inTransaction(first.centerCode(), first.modality(), s -> {
            Map<Integer, ArchivedObjectRow> byIndex = new LinkedHashMap<>();
            List<ArchivedObjectRow> added = new ArrayList<>();
            Tail tail = new Tail(openVolumes.openVolume(s, first.centerCode(), first.modality(), config.actor()));
            // Looked up once for the step (under the lock, so no other writer of the group changes them meanwhile)
            // and kept up to date below, so a UID twice in one batch sees its first copy.
            List<String> uids = step.stream().map(i -> items.get(i).sopInstanceUid().value()).distinct().toList();
            Map<String, ArchivedObjectRow> live = ArchiveIndex.liveOf(s, uids);
            Map<String, Integer> versions = ArchiveIndex.versionCounts(s, uids);
            try {
                for (int i : step) {
                    ArchiveItem item = items.get(i);
                    String uid = item.sopInstanceUid().value();
                    Optional<ArchivedObjectRow> previous = Optional.ofNullable(live.get(uid));
                    if (previous.isPresent() && previous.get().sha256().equals(item.sha256())) {
                        byIndex.put(i, previous.get());   // archived by another thread, node, or earlier in this batch
                        continue;
                    }
                    if (tail.entries() > 0 && tail.size() + TarVolume.growthFor(sizes[i]) > config.volumeCapBytes()) {
                        tail.sync();
                        sealed.add(sealer.seal(s, tail.volume, config.actor()));
                        tail.moveTo(openVolumes.create(s, item.centerCode(), item.modality()));
                    }
                    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
                    String name = VolumePaths.entryName(item.studyUid().value(), uid, versions.getOrDefault(uid, 0) + 1);
                    VolumeRow volume = tail.volume;
                    AppendedEntry entry = tail.append(item, name, sizes[i], now);
                    LocalDate expiryDate = expiry.expiryFor(s, item, LocalDate.ofInstant(now, clock.getZone()));
                    ArchivedObjectRow row = new ArchivedObjectRow(item, volume.id(), name, entry.offset(), sizes[i], now, expiryDate);
                    s.persist(row);
                    previous.ifPresent(old -> old.markDeleted(ArchivedObjectRow.Removal.SUPERSEDED, now));
                    audit.record(s, config.actor(), new AuditEntry(previous.isPresent() ? AuditAction.REPLACE : AuditAction.ARCHIVE,
                            item.centerCode(), item.studyUid().value(), item.sopInstanceUid().value(), volume.id(),
                            sizes[i] + " bytes at offset " + entry.offset() + " of " + volume.path() + ", sha256 " + entry.sha256()
                                    + (previous.isPresent() ? ", replacing sha256 " + previous.get().sha256() : "")));
                    byIndex.put(i, row);
                    added.add(row);
                    live.put(uid, row);
                    versions.merge(uid, 1, Integer::sum);
                }
                tail.sync();
                if (tail.volume.sizeBytes() >= config.volumeCapBytes()) {
                    sealed.add(sealer.seal(s, tail.volume, config.actor()));
                }
            } catch (RuntimeException e) {
                tail.cutBack();
                sealed.clear();
                throw e;
            }
            // Return what the database holds (its timestamp precision), so these records equal any later find().
            s.flush();
            added.forEach(s::refresh);
            return byIndex;
        });
        rows.forEach((i, row) -> records[i] = row.toRecord());
        sealed.forEach(VolumeSealer::makeReadOnly);
    }

    /**
     * The open end of a group's volume during one step: one writer for all its entries, fsynced once by
     * {@link #sync}; {@link #cutBack} undoes everything it wrote.
     */
    private final class Tail {
        private final Map<Path, Long> committedSizes = new LinkedHashMap<>();
        private VolumeRow volume;
        private VolumeWriter writer;
        private int pending;

        Tail(VolumeRow volume) {
            moveTo(volume);
        }

        void moveTo(VolumeRow next) {
            volume = next;
            committedSizes.putIfAbsent(paths.resolve(next.path()), next.sizeBytes());
        }

        int entries() {
            return volume.objectCount() + pending;
        }

        long size() {
            return writer == null ? volume.sizeBytes() : writer.sizeWhenFinished();
        }

        AppendedEntry append(ArchiveItem item, String name, long size, Instant now) {
            Path file = paths.resolve(volume.path());
            try (InputStream in = Files.newInputStream(item.file())) {
                if (writer == null) {
                    writer = VolumeWriter.open(file, volume.sizeBytes());
                }
                AppendedEntry entry = writer.append(name, in, size, now);
                if (!entry.sha256().equals(item.sha256())) {
                    throw new ArchiveException("object " + item.sopInstanceUid() + " from " + item.file() + " has SHA-256 "
                            + entry.sha256() + " but was handed over with " + item.sha256() + "; it was not archived, nor"
                            + " any other object of this call for center " + item.centerCode() + ", modality "
                            + item.modality() + ": check the file (changed on disk?) and hand them over again");
                }
                pending++;
                return entry;
            } catch (IOException e) {
                throw new ArchiveException("cannot archive object " + item.sopInstanceUid() + " into volume "
                        + volume.path() + ": " + e.getMessage() + "; the archive is unchanged, try again", e);
            }
        }

        /** Writes the end records and fsyncs the volume once for every entry appended since the last sync. */
        void sync() {
            if (writer == null) {
                return;
            }
            try (VolumeWriter closing = writer) {
                writer = null;
                volume.appended(closing.finishAndSync(), pending);
                pending = 0;
            } catch (IOException e) {
                throw new ArchiveException("cannot fsync volume " + volume.path() + ": " + e.getMessage()
                        + "; the archive is unchanged, try again", e);
            }
            // The entries are whole and fsynced, their index rows not yet committed: a restart must cut them off.
            org.radpost.schema.FaultPoint.reach("archive-entry-synced");
        }

        /** After a failure (the transaction rolls back): every volume this step touched back to its committed size. */
        void cutBack() {
            if (writer != null) {
                try {
                    writer.close();
                } catch (IOException ignored) {
                    // the cut below rewrites the file's end anyway
                }
                writer = null;
            }
            committedSizes.forEach(VolumeAppender::cutBack);
        }
    }

    private static void cutBack(Path file, long committedSize) {
        try {
            TarVolume.truncateTo(file, committedSize);
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
}
