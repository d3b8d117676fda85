package org.radpost.archiver.volume;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.hibernate.Session;
import org.radpost.archiver.ArchiveException;
import org.radpost.archiver.index.ArchiveIndex;
import org.radpost.archiver.index.ArchivedObjectRow;
import org.radpost.archiver.index.AuditAction;
import org.radpost.archiver.index.AuditEntry;
import org.radpost.archiver.index.AuditLog;
import org.radpost.archiver.index.VolumeRow;

/** Seals an open volume: appends the manifest of every entry, fsyncs, and marks it never to be written again. */
public final class VolumeSealer {
    private final VolumePaths paths;
    private final Clock clock;
    private final AuditLog audit;

    public VolumeSealer(VolumePaths paths, Clock clock, AuditLog audit) {
        this.paths = paths;
        this.clock = clock;
        this.audit = audit;
    }

    /** Seals inside the caller's transaction (holding the group's lock) and returns the sealed file. */
    public Path seal(Session s, VolumeRow volume, String actor) {
        Path file = paths.resolve(volume.path());
        List<ManifestLine> lines = ArchiveIndex.entriesOf(s, volume.id()).stream()
                .map(ArchivedObjectRow::toManifestLine).toList();
        try (VolumeWriter writer = VolumeWriter.open(file, volume.sizeBytes())) {
            writer.append(Manifest.ENTRY_NAME, new Manifest(lines).toBytes(), clock.instant());
            volume.sealed(writer.finishAndSync(), clock.instant());
        } catch (IOException e) {
            throw new ArchiveException("cannot seal volume " + volume.id() + " (" + file + "): " + e.getMessage(), e);
        }
        audit.record(s, actor, AuditEntry.ofVolume(AuditAction.SEAL, volume.centerCode(), volume.id(),
                "sealed " + volume.path() + " with " + lines.size() + " entries, " + volume.sizeBytes() + " bytes"));
        return file;
    }

    /** Best effort after commit: a sealed volume is read-only on disk too. */
    public static void makeReadOnly(Path file) {
        try {
            file.toFile().setWritable(false, false);
        } catch (SecurityException e) {
            // The state in the index is what guards the volume; the file mode is only a second fence.
        }
    }
}
