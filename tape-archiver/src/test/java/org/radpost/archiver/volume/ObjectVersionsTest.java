package org.radpost.archiver.volume;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.archiver.ArchiveItem;
import org.radpost.archiver.ArchiveRecord;
import org.radpost.archiver.Archiver;
import org.radpost.archiver.TestArchive;
import org.radpost.archiver.index.ArchivedObjectRow;
import org.radpost.archiver.index.AuditLog;
import org.radpost.archiver.restore.RestoreQuery;
import org.radpost.testkit.MutableClock;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.Sha256;

/**
 * A lifetime archive never loses a version: an object the owning center replaced keeps its earlier bytes under
 * their own entry name, which a plain {@code tar xf} extracts and compaction keeps; restore gives the newest.
 */
class ObjectVersionsTest {
    @TempDir
    static Path dir;
    static TestArchive archive;
    static Archiver archiver;
    static final MutableClock CLOCK = MutableClock.at("2026-11-23T10:00:00Z");

    @BeforeAll
    static void open() {
        archive = TestArchive.mariaDb(dir.resolve("archive"));
        archiver = archive.open(64L << 20, CLOCK);
    }

    @AfterAll
    static void close() {
        archive.close();
    }

    @Test
    void aPlainTarExtractOfAVolumeYieldsBothVersionsOfAReplacedObject() throws Exception {
        String center = TestArchive.newCenter("VER");
        ArchiveItem first = TestArchive.study(center, SampleStudy.ct(), dir.resolve("v1-" + center), 1).get(0);
        ArchiveItem second = TestArchive.item(center, changedPixels(first.file(), dir.resolve("v2-" + center + ".dcm")));
        ArchiveRecord v1 = archiver.archive(first);
        ArchiveRecord v2 = archiver.archive(second);
        assertThat(v2.volumeId()).isEqualTo(v1.volumeId());
        assertThat(v2.entryName()).isNotEqualTo(v1.entryName());

        Path out = Files.createDirectories(dir.resolve("xf-" + center));
        Path volume = archive.root.resolve(archiver.volumes().stream().filter(v -> v.id() == v1.volumeId()).findFirst().orElseThrow().path());
        Process tar = new ProcessBuilder("tar", "xf", volume.toString(), "-C", out.toString()).inheritIO().start();
        assertThat(tar.waitFor(60, TimeUnit.SECONDS) && tar.exitValue() == 0).as("tar xf %s", volume).isTrue();

        assertThat(Sha256.of(out.resolve(v1.entryName()))).isEqualTo(first.sha256());
        assertThat(Sha256.of(out.resolve(v2.entryName()))).isEqualTo(second.sha256());
        Path restored = dir.resolve("restored-" + center);
        archiver.restore(RestoreQuery.study(first.studyUid()), restored, "test");
        assertThat(Sha256.of(restored.resolve(first.studyUid().value()).resolve(first.sopInstanceUid().value() + ".dcm")))
                .as("restore picks the newest version").isEqualTo(second.sha256());
    }

    @Test
    void compactionKeepsTheSupersededVersionAndDropsOnlyExpiredEntries() throws Exception {
        String center = TestArchive.newCenter("CMP");
        List<ArchiveItem> items = TestArchive.study(center, SampleStudy.ct(), dir.resolve("c-" + center), 2);
        ArchiveItem replaced = items.get(0);
        ArchiveItem expiring = items.get(1);
        ArchiveRecord v1 = archiver.archive(replaced);
        ArchiveItem newer = TestArchive.item(center, changedPixels(replaced.file(), dir.resolve("c2-" + center + ".dcm")));
        archiver.archive(newer);
        ArchiveRecord gone = archiver.archive(expiring);
        assertThat(archiver.seal(v1.volumeId(), "test")).isTrue();
        archive.database.sessionFactory().inTransaction(s -> s.find(ArchivedObjectRow.class, idOf(gone))
                .markDeleted(ArchivedObjectRow.Removal.EXPIRED, CLOCK.instant()));

        var result = new Compactor(archive.database.sessionFactory(), new VolumePaths(archive.root), CLOCK, new AuditLog(CLOCK))
                .compact(v1.volumeId(), "test").orElseThrow();

        assertThat(result.dropped()).isEqualTo(1);
        Path fresh = archive.root.resolve(archiver.volumes().stream().filter(v -> v.id() == result.newVolumeId().orElseThrow())
                .findFirst().orElseThrow().path());
        Path out = Files.createDirectories(dir.resolve("cx-" + center));
        Process tar = new ProcessBuilder("tar", "xf", fresh.toString(), "-C", out.toString()).inheritIO().start();
        assertThat(tar.waitFor(60, TimeUnit.SECONDS) && tar.exitValue() == 0).isTrue();
        assertThat(Sha256.of(out.resolve(v1.entryName()))).as("the superseded version survives compaction").isEqualTo(replaced.sha256());
        assertThat(out.resolve(gone.entryName())).doesNotExist();
    }

    private static long idOf(ArchiveRecord record) {
        return archive.database.sessionFactory().fromTransaction(s -> s.createQuery("select id from ArchivedObjectRow"
                        + " where volumeId = :v and entryOffset = :o", Long.class)
                .setParameter("v", record.volumeId()).setParameter("o", record.offset()).getSingleResult());
    }

    /** The same object (same UIDs) with its two last pixel bytes changed, as a corrected resend would be. */
    static Path changedPixels(Path original, Path target) throws Exception {
        byte[] bytes = Files.readAllBytes(original);
        bytes[bytes.length - 1] ^= 0x5a;
        bytes[bytes.length - 2] ^= 0x5a;
        return Files.write(target, bytes);
    }
}
