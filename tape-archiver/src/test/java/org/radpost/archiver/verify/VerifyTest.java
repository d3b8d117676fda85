package org.radpost.archiver.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.archiver.ArchiveItem;
import org.radpost.archiver.ArchiveRecord;
import org.radpost.archiver.Archiver;
import org.radpost.testkit.MutableClock;
import org.radpost.archiver.TestArchive;
import org.radpost.archiver.restore.RestoreQuery;
import org.radpost.archiver.restore.RestoreReport;
import org.radpost.archiver.volume.VolumeInfo;
import org.radpost.archiver.volume.VolumeState;
import org.radpost.testkit.SampleStudy;

class VerifyTest {
    @TempDir
    static Path dir;
    static TestArchive archive;
    static Archiver archiver;

    @BeforeAll
    static void open() {
        archive = TestArchive.mariaDb(dir.resolve("archive"));
        archiver = archive.open(300 * 1024, MutableClock.at("2026-11-23T10:00:00Z"));
    }

    @AfterAll
    static void close() {
        archive.close();
    }

    @Test
    void aCleanArchiveVerifiesWithoutFindingsAndNamesStrayFiles() throws IOException {
        String center = TestArchive.newCenter("CLEAN");
        TestArchive.study(center, SampleStudy.of("CR", "P1", "A^B", "X1"), dir.resolve("clean"), 3).forEach(archiver::archive);
        Path stray = archive.root.resolve(center).resolve("CR").resolve("leftover.tar.partial");
        Files.write(stray, new byte[1024]);
        VerifyReport report = archiver.verify();
        Files.delete(stray);
        assertThat(report.findings()).isEmpty();
        assertThat(report.clean()).isTrue();
        assertThat(report.strayFiles()).containsExactly(center + "/CR/leftover.tar.partial");
        assertThat(report.entries()).isGreaterThanOrEqualTo(3);
        assertThat(archiver.volumes()).filteredOn(v -> v.centerCode().equals(center))
                .extracting(VolumeInfo::state).contains(VolumeState.SEALED, VolumeState.OPEN);
    }

    @Test
    void aFlippedByteInASealedVolumeIsReportedForThatEntryAndRestoreRefusesIt() throws Exception {
        String center = TestArchive.newCenter("ROT");
        List<ArchiveItem> items = TestArchive.study(center, SampleStudy.of("CT", "P2", "A^B", "X2"), dir.resolve("rot"), 3);
        List<ArchiveRecord> records = items.stream().map(archiver::archive).toList();
        ArchiveRecord victim = records.get(1);
        VolumeInfo volume = volumeOf(victim);
        assertThat(volume.state()).isEqualTo(VolumeState.SEALED);
        flipByte(archive.root.resolve(volume.path()), victim.offset() + victim.size() / 2);

        VerifyReport report = archiver.verify();

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.CHECKSUM_MISMATCH);
            assertThat(f.volumeId()).isEqualTo(volume.id());
            assertThat(f.sopInstanceUid()).isEqualTo(victim.sopInstanceUid().value());
        });
        RestoreReport restore = archiver.restore(RestoreQuery.study(victim.studyUid()), dir.resolve("rot-out"), "test");
        assertThat(restore.failures()).singleElement().satisfies(f -> {
            assertThat(f.record().sopInstanceUid()).isEqualTo(victim.sopInstanceUid());
            assertThat(f.reason()).contains("SHA-256");
        });
        assertThat(restore.restored()).hasSize(2);
        assertThat(dir.resolve("rot-out").resolve(victim.studyUid().value()).resolve(victim.sopInstanceUid().value() + ".dcm"))
                .doesNotExist();
        flipByte(archive.root.resolve(volume.path()), victim.offset() + victim.size() / 2);   // repair for other tests
    }

    @Test
    void aFlippedByteInAnOpenVolumeIsReported() throws Exception {
        String center = TestArchive.newCenter("ROTOPEN");
        ArchiveRecord record = archiver.archive(
                TestArchive.study(center, SampleStudy.of("MR", "P3", "A^B", "X3"), dir.resolve("rotopen"), 1).get(0));
        VolumeInfo volume = volumeOf(record);
        assertThat(volume.state()).isEqualTo(VolumeState.OPEN);
        flipByte(archive.root.resolve(volume.path()), record.offset() + 10);

        VerifyReport report = archiver.verify(volume.id());

        assertThat(report.findings()).extracting(Finding::kind, Finding::sopInstanceUid)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Finding.Kind.CHECKSUM_MISMATCH,
                        record.sopInstanceUid().value()));
        flipByte(archive.root.resolve(volume.path()), record.offset() + 10);
        assertThat(archiver.verify(volume.id()).findings()).isEmpty();
    }

    @Test
    void aDamagedTarHeaderMakesTheVolumeUnreadable() throws Exception {
        String center = TestArchive.newCenter("HDR");
        ArchiveRecord record = archiver.archive(
                TestArchive.study(center, SampleStudy.of("CT", "P4", "A^B", "X4"), dir.resolve("hdr"), 1).get(0));
        VolumeInfo volume = volumeOf(record);
        // The ustar header right before the data holds the size field at byte 124: corrupt its checksum.
        flipByte(archive.root.resolve(volume.path()), record.offset() - 512 + 130);

        VerifyReport report = archiver.verify(volume.id());

        assertThat(report.findings()).extracting(Finding::kind).contains(Finding.Kind.UNREADABLE_VOLUME);
        flipByte(archive.root.resolve(volume.path()), record.offset() - 512 + 130);
    }

    private static VolumeInfo volumeOf(ArchiveRecord record) {
        return archiver.volumes().stream().filter(v -> v.id() == record.volumeId()).findFirst().orElseThrow();
    }

    private static void flipByte(Path file, long position) throws IOException {
        boolean readOnly = !Files.getPosixFilePermissions(file).contains(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        file.toFile().setWritable(true);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            int b = raf.read();
            raf.seek(position);
            raf.write(b ^ 0x5A);
        }
        if (readOnly) {
            file.toFile().setWritable(false, false);
        }
    }
}
