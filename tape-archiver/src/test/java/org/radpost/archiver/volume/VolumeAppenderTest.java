package org.radpost.archiver.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.archiver.ArchiveException;
import org.radpost.archiver.ArchiveItem;
import org.radpost.archiver.ArchiveRecord;
import org.radpost.archiver.Archiver;
import org.radpost.testkit.MutableClock;
import org.radpost.archiver.TestArchive;
import org.radpost.archiver.index.AuditAction;
import org.radpost.wire.Sha256;
import org.radpost.testkit.SampleStudy;

class VolumeAppenderTest {
    @TempDir
    static Path dir;
    static TestArchive archive;
    static Archiver archiver;
    static final long CAP = 600 * 1024;

    @BeforeAll
    static void open() {
        archive = TestArchive.mariaDb(dir.resolve("archive"));
        archiver = archive.open(CAP, MutableClock.at("2026-11-23T10:00:00Z"));
    }

    @AfterAll
    static void close() {
        archive.close();
    }

    @Test
    void objectsFromTwoCentersAndThreeModalitiesLandInTheirOwnVolumes() throws Exception {
        List<String> centers = List.of(TestArchive.newCenter("NORTH"), TestArchive.newCenter("SOUTH"));
        List<ArchiveRecord> records = new ArrayList<>();
        for (String center : centers) {
            for (String modality : List.of("CT", "MR", "CR")) {
                SampleStudy study = SampleStudy.of(modality, "P-" + center, "DOE^JOHN", "A-" + modality);
                for (ArchiveItem item : TestArchive.study(center, study, dir.resolve(center + modality), 2)) {
                    records.add(archiver.archive(item));
                }
            }
        }
        Map<Long, VolumeInfo> volumes = archiver.volumes().stream().collect(Collectors.toMap(VolumeInfo::id, v -> v));
        for (ArchiveRecord record : records) {
            VolumeInfo volume = volumes.get(record.volumeId());
            assertThat(volume.centerCode()).isEqualTo(record.centerCode());
            assertThat(volume.modality()).isEqualTo(record.modality());
            assertThat(volume.path()).startsWith(record.centerCode() + "/" + record.modality() + "/");
        }
        List<VolumeInfo> ours = volumes.values().stream().filter(v -> centers.contains(v.centerCode())).toList();
        assertThat(ours).hasSize(6).allSatisfy(v -> {
            assertThat(v.objectCount()).isEqualTo(2);
            assertThat(v.state()).isEqualTo(VolumeState.OPEN);
        });
        // A plain TAR reader lists exactly the objects of that center and modality, at the recorded offsets.
        for (VolumeInfo v : ours) {
            try (TarFile tar = new TarFile(archive.root.resolve(v.path()))) {
                List<String> names = tar.getEntries().stream().map(TarArchiveEntry::getName).toList();
                List<String> expected = records.stream().filter(r -> r.volumeId() == v.id())
                        .map(ArchiveRecord::entryName).toList();
                assertThat(names).containsExactlyElementsOf(expected);
                assertThat(tar.getEntries().stream().map(TarArchiveEntry::getDataOffset).toList())
                        .containsExactlyElementsOf(records.stream().filter(r -> r.volumeId() == v.id())
                                .map(ArchiveRecord::offset).toList());
            }
        }
    }

    @Test
    void sealsAVolumeAtTheCapWithAManifestAndNeverWritesItAgain() throws Exception {
        String center = TestArchive.newCenter("CAP");
        List<ArchiveItem> items = TestArchive.study(center, SampleStudy.ct(), dir.resolve("cap"), 7);
        List<ArchiveRecord> first = new ArrayList<>();
        for (ArchiveItem item : items.subList(0, 5)) {
            first.add(archiver.archive(item));
        }
        List<VolumeInfo> sealed = volumesOf(center, VolumeState.SEALED);
        assertThat(sealed).hasSize(1);
        VolumeInfo volume = sealed.get(0);
        assertThat(volume.sizeBytes()).isLessThanOrEqualTo(CAP);
        assertThat(volume.sealedAt()).isPresent();
        Path file = archive.root.resolve(volume.path());
        assertThat(Files.size(file)).isEqualTo(volume.sizeBytes());
        List<ArchiveRecord> inSealed = first.stream().filter(r -> r.volumeId() == volume.id()).toList();
        assertThat(inSealed).hasSize(volume.objectCount()).hasSizeGreaterThan(1);
        try (TarFile tar = new TarFile(file)) {
            TarArchiveEntry last = tar.getEntries().get(tar.getEntries().size() - 1);
            assertThat(last.getName()).isEqualTo(Manifest.ENTRY_NAME);
            String manifest;
            try (InputStream in = tar.getInputStream(last)) {
                manifest = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            for (ArchiveRecord r : inSealed) {
                assertThat(manifest).contains(r.sha256().hex() + "\t" + r.size() + "\t" + r.offset() + "\t" + r.entryName());
            }
        }
        Sha256 before = Sha256.of(file);
        for (ArchiveItem item : items.subList(5, 7)) {
            ArchiveRecord later = archiver.archive(item);
            assertThat(later.volumeId()).isNotEqualTo(volume.id());
        }
        assertThat(Sha256.of(file)).isEqualTo(before);
        assertThat(Files.getPosixFilePermissions(file)).as("sealed volume is read-only on disk")
                .doesNotContain(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(archiver.volumes().stream().filter(v -> v.id() == volume.id()).findFirst().orElseThrow().sizeBytes())
                .isEqualTo(volume.sizeBytes());
        assertThat(archiver.audit(items.get(0).studyUid())).extracting(e -> e.action()).contains(AuditAction.ARCHIVE);
    }

    @Test
    void archivingTheSameObjectTwiceChangesNothing() {
        String center = TestArchive.newCenter("TWICE");
        ArchiveItem item = TestArchive.study(center, SampleStudy.ct(), dir.resolve("twice"), 1).get(0);
        ArchiveRecord first = archiver.archive(item);
        VolumeInfo before = volumesOf(center, VolumeState.OPEN).get(0);
        ArchiveRecord again = archiver.archive(item);
        assertThat(again).isEqualTo(first);
        assertThat(volumesOf(center, VolumeState.OPEN)).containsExactly(before);
        assertThat(archiver.findByStudy(item.studyUid())).containsExactly(first);
        assertThat(archiver.audit(item.studyUid())).filteredOn(e -> e.action() == AuditAction.ARCHIVE).hasSize(1);
    }

    @Test
    void aNewChecksumForTheSameObjectReplacesTheOldCopy() throws Exception {
        String center = TestArchive.newCenter("FIX");
        ArchiveItem item = TestArchive.study(center, SampleStudy.ct(), dir.resolve("fix"), 1).get(0);
        ArchiveRecord first = archiver.archive(item);
        Path corrected = dir.resolve("fix-corrected.dcm");
        Files.copy(item.file(), corrected);
        Files.write(corrected, new byte[] {1, 2, 3, 4}, java.nio.file.StandardOpenOption.APPEND);
        ArchiveItem resend = new ArchiveItem(center, item.modality(), item.studyUid(), item.sopInstanceUid(),
                item.patientId(), item.accessionNumber(), item.studyDate(), corrected, Sha256.of(corrected));
        ArchiveRecord second = archiver.archive(resend);
        assertThat(second.sha256()).isEqualTo(resend.sha256()).isNotEqualTo(first.sha256());
        assertThat(archiver.find(item.sopInstanceUid())).contains(second);
        assertThat(archiver.findByStudy(item.studyUid())).containsExactly(second);
        assertThat(archiver.audit(item.studyUid())).extracting(e -> e.action())
                .containsExactly(AuditAction.ARCHIVE, AuditAction.REPLACE);
    }

    @Test
    void refusesAFileThatDoesNotMatchItsChecksumAndLeavesTheVolumeAsItWas() throws Exception {
        String center = TestArchive.newCenter("BAD");
        List<ArchiveItem> items = TestArchive.study(center, SampleStudy.ct(), dir.resolve("bad"), 2);
        archiver.archive(items.get(0));
        VolumeInfo before = volumesOf(center, VolumeState.OPEN).get(0);
        ArchiveItem lying = new ArchiveItem(center, "CT", items.get(1).studyUid(), items.get(1).sopInstanceUid(), "P",
                "A", items.get(1).studyDate(), items.get(1).file(), items.get(0).sha256());
        assertThatThrownBy(() -> archiver.archive(lying)).isInstanceOf(ArchiveException.class)
                .hasMessageContaining(items.get(1).sopInstanceUid().value()).hasMessageContaining("SHA-256");
        assertThat(archiver.find(items.get(1).sopInstanceUid())).isEmpty();
        assertThat(volumesOf(center, VolumeState.OPEN)).containsExactly(before);
        assertThat(Files.size(archive.root.resolve(before.path()))).isEqualTo(before.sizeBytes());
        assertThat(TarVolume.isIntact(archive.root.resolve(before.path()), before.sizeBytes())).isTrue();
    }

    @Test
    void concurrentCallersArchivingIntoOneGroupLeaveConsistentVolumes() throws Exception {
        String center = TestArchive.newCenter("BUSY");
        List<ArchiveItem> items = TestArchive.study(center, SampleStudy.ct(), dir.resolve("busy"), 12);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<ArchiveRecord>> futures = new ArrayList<>();
            for (ArchiveItem item : items) {
                futures.add(pool.submit(() -> archiver.archive(item)));
                futures.add(pool.submit(() -> archiver.archive(item)));   // and each one twice, at once
            }
            for (var f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(archiver.findByStudy(items.get(0).studyUid())).hasSize(12);
        List<VolumeInfo> volumes = archiver.volumes().stream().filter(v -> v.centerCode().equals(center)).toList();
        assertThat(volumes.stream().mapToInt(VolumeInfo::objectCount).sum()).isEqualTo(12);
        assertThat(volumes).filteredOn(v -> v.state() == VolumeState.OPEN).hasSize(1);
        for (VolumeInfo v : volumes) {
            assertThat(archiver.verify(v.id()).findings()).isEmpty();
        }
    }

    private static List<VolumeInfo> volumesOf(String center, VolumeState state) {
        return archiver.volumes().stream().filter(v -> v.centerCode().equals(center) && v.state() == state).toList();
    }
}
