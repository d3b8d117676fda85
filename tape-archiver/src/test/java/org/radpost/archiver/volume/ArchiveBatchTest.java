package org.radpost.archiver.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
import org.radpost.archiver.TestArchive;
import org.radpost.archiver.index.AuditAction;
import org.radpost.testkit.MutableClock;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.Sha256;

/** {@link Archiver#archiveAll}: a message's objects in one call keep every guarantee of archiving them one by one. */
class ArchiveBatchTest {
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
    void anObjectTwiceInOneBatchIsArchivedOnceAndTheSameBatchAgainChangesNothing() {
        String center = TestArchive.newCenter("BTWICE");
        List<ArchiveItem> items = TestArchive.study(center, SampleStudy.ct(), dir.resolve("twice"), 3);
        List<ArchiveItem> batch = List.of(items.get(0), items.get(1), items.get(0), items.get(2));

        List<ArchiveRecord> first = archiver.archiveAll(batch);

        assertThat(first).hasSize(4);
        assertThat(first).extracting(r -> r.sopInstanceUid()).containsExactly(items.get(0).sopInstanceUid(),
                items.get(1).sopInstanceUid(), items.get(0).sopInstanceUid(), items.get(2).sopInstanceUid());
        assertThat(first.get(2)).isEqualTo(first.get(0));
        VolumeInfo before = volumesOf(center, VolumeState.OPEN).get(0);
        assertThat(before.objectCount()).isEqualTo(3);

        assertThat(archiver.archiveAll(batch)).isEqualTo(first);
        assertThat(volumesOf(center, VolumeState.OPEN)).containsExactly(before);
        assertThat(archiver.findByStudy(items.get(0).studyUid())).containsExactlyInAnyOrder(first.get(0), first.get(1), first.get(3));
        assertThat(archiver.audit(items.get(0).studyUid())).filteredOn(e -> e.action() == AuditAction.ARCHIVE).hasSize(3);
    }

    @Test
    void aNewChecksumLaterInTheSameBatchSupersedesTheCopyArchivedEarlierInIt() throws Exception {
        String center = TestArchive.newCenter("BFIX");
        ArchiveItem item = TestArchive.study(center, SampleStudy.ct(), dir.resolve("fix"), 1).get(0);
        Path corrected = dir.resolve("fix-corrected.dcm");
        Files.copy(item.file(), corrected);
        Files.write(corrected, new byte[] {1, 2, 3, 4}, java.nio.file.StandardOpenOption.APPEND);
        ArchiveItem resend = new ArchiveItem(center, item.modality(), item.studyUid(), item.sopInstanceUid(),
                item.patientId(), item.accessionNumber(), item.studyDate(), corrected, Sha256.of(corrected));

        List<ArchiveRecord> records = archiver.archiveAll(List.of(item, resend));

        assertThat(records.get(1).sha256()).isEqualTo(resend.sha256());
        assertThat(records.get(1).entryName()).isNotEqualTo(records.get(0).entryName());
        assertThat(archiver.findByStudy(item.studyUid())).containsExactly(records.get(1));
        assertThat(archiver.audit(item.studyUid())).extracting(e -> e.action())
                .containsExactly(AuditAction.ARCHIVE, AuditAction.REPLACE);
    }

    @Test
    void aBadChecksumInTheMiddleOfABatchArchivesNoneOfItAndLeavesTheVolumeAsItWas() throws Exception {
        String center = TestArchive.newCenter("BBAD");
        // 3 MB objects under a large cap: more than the writer's 1 MB buffer reaches the file before the bad one.
        Archiver archiver = archive.open(256L * 1024 * 1024, MutableClock.at("2026-11-23T10:00:00Z"));
        List<ArchiveItem> items = TestArchive.study(center, SampleStudy.ct().size(512, 512).frames(6), dir.resolve("bad"), 4);
        archiver.archive(items.get(0));
        VolumeInfo before = volumesOf(center, VolumeState.OPEN).get(0);
        Path file = archive.root.resolve(before.path());
        Sha256 bytesBefore = Sha256.of(file);
        ArchiveItem lying = new ArchiveItem(center, "CT", items.get(2).studyUid(), items.get(2).sopInstanceUid(), "P",
                "A", items.get(2).studyDate(), items.get(2).file(), items.get(0).sha256());

        assertThatThrownBy(() -> archiver.archiveAll(List.of(items.get(1), lying, items.get(3))))
                .isInstanceOf(ArchiveException.class)
                .hasMessageContaining(items.get(2).sopInstanceUid().value()).hasMessageContaining("SHA-256");

        for (ArchiveItem item : items.subList(1, 4)) {
            assertThat(archiver.find(item.sopInstanceUid())).as("%s indexed", item.sopInstanceUid()).isEmpty();
        }
        assertThat(volumesOf(center, VolumeState.OPEN)).containsExactly(before);
        assertThat(Sha256.of(file)).as("the volume's bytes").isEqualTo(bytesBefore);
        assertThat(archiver.audit(items.get(0).studyUid())).filteredOn(e -> e.action() == AuditAction.ARCHIVE).hasSize(1);
        // And the data center's retry with the file corrected archives the rest where the first left off.
        List<ArchiveRecord> retried = archiver.archiveAll(items.subList(1, 4));
        assertThat(retried).allMatch(r -> r.volumeId() == before.id());
        assertThat(archiver.verify(before.id()).findings()).isEmpty();
    }

    @Test
    void aBatchLargerThanTheCapSealsTheFullVolumeWithItsManifestAndGoesOnInANewOne() throws Exception {
        String center = TestArchive.newCenter("BROLL");
        List<ArchiveItem> items = TestArchive.study(center, SampleStudy.ct(), dir.resolve("roll"), 7);

        List<ArchiveRecord> records = archiver.archiveAll(items);

        assertThat(records).extracting(r -> r.sopInstanceUid()).containsExactlyElementsOf(items.stream().map(ArchiveItem::sopInstanceUid).toList());
        List<VolumeInfo> sealed = volumesOf(center, VolumeState.SEALED);
        assertThat(sealed).isNotEmpty();
        assertThat(volumesOf(center, VolumeState.OPEN)).hasSize(1);
        int total = 0;
        for (VolumeInfo volume : archiver.volumes().stream().filter(v -> v.centerCode().equals(center)).toList()) {
            Path file = archive.root.resolve(volume.path());
            assertThat(volume.sizeBytes()).isLessThanOrEqualTo(CAP);
            assertThat(Files.size(file)).isEqualTo(volume.sizeBytes());
            List<ArchiveRecord> inVolume = records.stream().filter(r -> r.volumeId() == volume.id()).toList();
            assertThat(inVolume).hasSize(volume.objectCount());
            total += volume.objectCount();
            List<String> names = new ArrayList<>();
            try (TarFile tar = new TarFile(file)) {
                for (TarArchiveEntry entry : tar.getEntries()) {
                    names.add(entry.getName());
                }
                if (volume.state() == VolumeState.SEALED) {
                    TarArchiveEntry last = tar.getEntries().get(tar.getEntries().size() - 1);
                    assertThat(last.getName()).isEqualTo(Manifest.ENTRY_NAME);
                    String manifest;
                    try (InputStream in = tar.getInputStream(last)) {
                        manifest = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                    for (ArchiveRecord r : inVolume) {
                        assertThat(manifest).contains(r.sha256().hex() + "\t" + r.size() + "\t" + r.offset() + "\t" + r.entryName());
                    }
                    names.remove(Manifest.ENTRY_NAME);
                }
            }
            assertThat(names).containsExactlyElementsOf(inVolume.stream().map(ArchiveRecord::entryName).toList());
            assertThat(archiver.verify(volume.id()).findings()).isEmpty();
        }
        assertThat(total).isEqualTo(7);
    }

    private static List<VolumeInfo> volumesOf(String center, VolumeState state) {
        return archiver.volumes().stream().filter(v -> v.centerCode().equals(center) && v.state() == state).toList();
    }
}
