package org.radpost.archiver.verify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;
import org.hibernate.SessionFactory;
import org.radpost.archiver.index.ArchiveIndex;
import org.radpost.archiver.index.ArchivedObjectRow;
import org.radpost.archiver.index.VolumeRow;
import org.radpost.archiver.volume.Manifest;
import org.radpost.archiver.volume.ManifestLine;
import org.radpost.archiver.volume.ShelfLock;
import org.radpost.archiver.volume.TarVolume;
import org.radpost.archiver.volume.VolumeInfo;
import org.radpost.archiver.volume.VolumePaths;
import org.radpost.archiver.volume.VolumeState;
import org.radpost.wire.Sha256;

/**
 * Re-reads volumes (open and sealed): hashes every indexed entry at its recorded offset, lists the volume with a
 * TAR reader to prove any tar can still read it, and checks a sealed volume's manifest against the index.
 * An open volume is read under its group's lock so an append in flight is not mistaken for damage.
 */
public final class VolumeVerifier {
    private final SessionFactory sessions;
    private final VolumePaths paths;
    private final ShelfLock shelves;

    public VolumeVerifier(SessionFactory sessions, VolumePaths paths, ShelfLock shelves) {
        this.sessions = sessions;
        this.paths = paths;
        this.shelves = shelves;
    }

    public VerifyReport verify(List<VolumeInfo> volumes) {
        List<Finding> findings = new ArrayList<>();
        int checkedVolumes = 0;
        int entries = 0;
        long bytes = 0;
        for (VolumeInfo volume : volumes) {
            if (volume.state() == VolumeState.COMPACTED) {
                continue;
            }
            Result result = volume.state() == VolumeState.OPEN
                    ? shelves.inTransaction(volume.centerCode(), volume.modality(), s -> verifyOne(volume.id()))
                    : verifyOne(volume.id());
            if (result != null) {
                checkedVolumes++;
                entries += result.entries;
                bytes += result.bytes;
                findings.addAll(result.findings);
            }
        }
        return new VerifyReport(checkedVolumes, entries, bytes, findings);
    }

    /** Files under the root that no volume (open, sealed or retired) names, as paths relative to the root. */
    public List<String> strayFiles(List<VolumeInfo> volumes) {
        java.util.Set<String> known = new java.util.HashSet<>();
        volumes.forEach(v -> known.add(v.path()));
        Path root = paths.root();
        try (java.util.stream.Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace(java.io.File.separatorChar, '/'))
                    .filter(p -> !known.contains(p)).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private record Result(int entries, long bytes, List<Finding> findings) {}

    private Result verifyOne(long volumeId) {
        record Snapshot(VolumeRow volume, List<ArchivedObjectRow> rows) {}
        Snapshot snap = sessions.fromTransaction(s -> {
            VolumeRow v = s.find(VolumeRow.class, volumeId);
            return v == null || v.state() == VolumeState.COMPACTED ? null
                    : new Snapshot(v, ArchiveIndex.entriesOf(s, volumeId));
        });
        if (snap == null) {
            return null;
        }
        VolumeRow volume = snap.volume();
        Path file = paths.resolve(volume.path());
        List<Finding> findings = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            findings.add(finding(volume, Finding.Kind.MISSING_VOLUME, "", "", "file " + file + " does not exist"));
            return new Result(0, 0, findings);
        }
        long bytes = 0;
        for (ArchivedObjectRow row : snap.rows()) {
            bytes += row.sizeBytes();
            hash(file, row).ifPresent(problem -> findings.add(finding(volume,
                    problem.startsWith("SHA-256") ? Finding.Kind.CHECKSUM_MISMATCH : Finding.Kind.MISSING_ENTRY,
                    row.entryName(), row.sopInstanceUid(), problem)));
        }
        findings.addAll(structure(volume, file, snap.rows()));
        return new Result(snap.rows().size(), bytes, findings);
    }

    private static Optional<String> hash(Path file, ArchivedObjectRow row) {
        MessageDigest digest = Sha256.newDigest();
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = TarVolume.openEntry(file, row.entryOffset(), row.sizeBytes())) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            return Optional.of("cannot read the entry: " + e.getMessage());
        }
        Sha256 actual = Sha256.of(digest.digest());
        return actual.equals(row.sha256()) ? Optional.empty()
                : Optional.of("SHA-256 is " + actual + ", the index recorded " + row.sha256());
    }

    /** Lists the volume as tar would and compares entries (and a sealed volume's manifest) with the index. */
    private List<Finding> structure(VolumeRow volume, Path file, List<ArchivedObjectRow> rows) {
        List<Finding> findings = new ArrayList<>();
        Map<Long, ArchivedObjectRow> byOffset = new HashMap<>();
        rows.forEach(r -> byOffset.put(r.entryOffset(), r));
        Manifest manifest = null;
        try (TarFile tar = new TarFile(file)) {
            for (TarArchiveEntry entry : tar.getEntries()) {
                if (Manifest.ENTRY_NAME.equals(entry.getName())) {
                    try (InputStream in = tar.getInputStream(entry)) {
                        manifest = Manifest.parse(in);
                    }
                } else if (!byOffset.containsKey(entry.getDataOffset())) {
                    findings.add(finding(volume, Finding.Kind.UNINDEXED_ENTRY, entry.getName(), "",
                            entry.getSize() + " bytes at offset " + entry.getDataOffset() + " are not in the index"));
                } else if (!byOffset.get(entry.getDataOffset()).entryName().equals(entry.getName())) {
                    findings.add(finding(volume, Finding.Kind.MISSING_ENTRY, entry.getName(), "",
                            "the entry at offset " + entry.getDataOffset() + " is named differently in the index"));
                }
            }
        } catch (IOException | RuntimeException e) {
            findings.add(finding(volume, Finding.Kind.UNREADABLE_VOLUME, "", "",
                    "tar cannot list the volume: " + e.getMessage()));
            return findings;
        }
        if (volume.state() == VolumeState.SEALED) {
            List<ManifestLine> expected = rows.stream().map(ArchivedObjectRow::toManifestLine).toList();
            if (manifest == null) {
                findings.add(finding(volume, Finding.Kind.MANIFEST_MISMATCH, Manifest.ENTRY_NAME, "",
                        "the sealed volume has no manifest"));
            } else if (!manifest.lines().equals(expected)) {
                findings.add(finding(volume, Finding.Kind.MANIFEST_MISMATCH, Manifest.ENTRY_NAME, "",
                        "the manifest lists " + manifest.lines().size() + " entries that differ from the index's "
                                + expected.size()));
            }
        }
        return findings;
    }

    private static Finding finding(VolumeRow volume, Finding.Kind kind, String entry, String sop, String detail) {
        return new Finding(volume.id(), volume.path(), kind, entry, sop, detail);
    }
}
