package org.radpost.archiver.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.archiver.ArchiveItem;
import org.radpost.archiver.ArchiveRecord;
import org.radpost.archiver.Archiver;
import org.radpost.testkit.MutableClock;
import org.radpost.archiver.TestArchive;
import org.radpost.archiver.index.AuditAction;
import org.radpost.archiver.restore.RestoreQuery;
import org.radpost.archiver.volume.CompactionResult;
import org.radpost.archiver.volume.VolumeInfo;
import org.radpost.archiver.volume.VolumeState;
import org.radpost.wire.StudyUid;
import org.radpost.testkit.SampleStudy;

class RetentionTest {
    @TempDir
    static Path dir;
    static TestArchive archive;
    static Archiver archiver;
    static final MutableClock clock = MutableClock.at("2026-11-23T10:00:00Z");

    @BeforeAll
    static void open() {
        archive = TestArchive.mariaDb(dir.resolve("archive"));
        archiver = archive.open(400 * 1024, clock);
    }

    @AfterAll
    static void close() {
        archive.close();
    }

    @Test
    void expiryIsTheStudyDatePlusThePeriodOrTheReceiptDateWhenTheStudyDateIsMissing() {
        clock.set(Instant.parse("2026-11-23T10:00:00Z"));
        String center = TestArchive.newCenter("DATES");
        archiver.retention().setRule(new RetentionRule("MR", Optional.of(center), 10, 0), "admin");
        List<ArchiveItem> items = TestArchive.study(center, SampleStudy.of("MR", "P", "A^B", "D1"), dir.resolve("dates"), 2);
        ArchiveRecord dated = archiver.archive(TestArchive.dated(items.get(0), Optional.of(LocalDate.of(2020, 2, 29))));
        ArchiveRecord undated = archiver.archive(TestArchive.dated(items.get(1), Optional.empty()));
        assertThat(dated.expiryDate()).contains(LocalDate.of(2030, 2, 28));
        assertThat(undated.expiryDate()).contains(LocalDate.of(2036, 11, 23));

        int changed = archiver.retention().setRule(new RetentionRule("MR", Optional.of(center), 3, 10), "admin");

        assertThat(changed).isEqualTo(2);
        assertThat(archiver.find(dated.sopInstanceUid()).orElseThrow().expiryDate()).contains(LocalDate.of(2023, 3, 10));
        assertThat(archiver.retention().rules()).contains(new RetentionRule("MR", Optional.of(center), 3, 10));
    }

    @Test
    void deletePolicyExpiresAStudyAtItsExpiryAndCompactsItsBytesAway() throws IOException {
        clock.set(Instant.parse("2026-11-23T10:00:00Z"));
        String center = TestArchive.newCenter("DEL");
        archiver.retention().setRule(new RetentionRule("CT", Optional.of(center), 1, 0), "admin");
        List<ArchiveItem> a = dated(TestArchive.study(center, SampleStudy.of("CT", "PA", "A^A", "ACC-A"), dir.resolve("a"), 2),
                LocalDate.of(2026, 6, 1));
        List<ArchiveItem> b = dated(TestArchive.study(center, SampleStudy.of("CT", "PB", "B^B", "ACC-B"), dir.resolve("b"), 2),
                LocalDate.of(2026, 10, 1));
        for (int i = 0; i < 2; i++) {
            archiver.archive(a.get(i));
            archiver.archive(b.get(i));
        }
        VolumeInfo mixed = volumes(center).stream().filter(v -> v.state() == VolumeState.SEALED).findFirst().orElseThrow();
        StudyUid studyA = a.get(0).studyUid();
        StudyUid studyB = b.get(0).studyUid();

        clock.set(Instant.parse("2027-05-31T23:00:00Z"));
        assertThat(archiver.retention().sweep("retention-job").expired()).doesNotContain(studyA, studyB);
        assertThat(archiver.findByStudy(studyA)).hasSize(2);

        clock.set(Instant.parse("2027-06-01T01:00:00Z"));
        SweepReport report = archiver.retention().sweep("retention-job");

        assertThat(report.expired()).contains(studyA).doesNotContain(studyB);
        assertThat(archiver.findByStudy(studyA)).isEmpty();
        assertThat(archiver.findByStudy(studyB)).hasSize(2);
        assertThat(report.compactions()).extracting(CompactionResult::retiredVolumeId).contains(mixed.id());
        VolumeInfo retired = volumes(center).stream().filter(v -> v.id() == mixed.id()).findFirst().orElseThrow();
        assertThat(retired.state()).isEqualTo(VolumeState.COMPACTED);
        assertThat(archive.root.resolve(retired.path())).doesNotExist();
        // Study A's bytes are gone from every volume on disk; study B is still whole.
        for (VolumeInfo v : volumes(center)) {
            if (v.state() != VolumeState.COMPACTED) {
                try (TarFile tar = new TarFile(archive.root.resolve(v.path()))) {
                    assertThat(tar.getEntries()).extracting(TarArchiveEntry::getName)
                            .noneMatch(name -> name.startsWith(studyA.value()));
                }
            }
        }
        var restored = archiver.restore(RestoreQuery.study(studyB), dir.resolve("b-out"), "test");
        assertThat(restored.failures()).isEmpty();
        for (var r : restored.restored()) {
            Path original = b.stream().filter(i -> i.sopInstanceUid().equals(r.record().sopInstanceUid())).findFirst()
                    .orElseThrow().file();
            assertThat(Files.mismatch(r.file(), original)).isEqualTo(-1);
        }
        assertThat(archiver.verify().findings()).isEmpty();
        assertThat(archiver.audit(studyA)).extracting(e -> e.action()).contains(AuditAction.EXPIRE);
        assertThat(archiver.latestAudit(50)).extracting(e -> e.action()).contains(AuditAction.COMPACT, AuditAction.RETIRE);
    }

    @Test
    void notifyThenConfirmDeletesOnlyAfterTheCenterConfirms() {
        clock.set(Instant.parse("2026-11-23T10:00:00Z"));
        String center = TestArchive.newCenter("ASK");
        archiver.retention().setRule(new RetentionRule("CR", Optional.of(center), 1, 0), "admin");
        archiver.retention().setPolicy(new CenterRetention(center, CenterPolicy.NOTIFY_THEN_CONFIRM, 30), "admin");
        List<ArchiveItem> items = dated(TestArchive.study(center, SampleStudy.of("CR", "PN", "N^N", "ACC-N"),
                dir.resolve("n"), 2), LocalDate.of(2026, 1, 15));
        items.forEach(archiver::archive);
        StudyUid study = items.get(0).studyUid();

        assertThat(noticesFor(center)).isEmpty();
        clock.set(Instant.parse("2026-12-16T08:00:00Z"));   // 30 days before 2027-01-15
        assertThat(noticesFor(center)).singleElement().satisfies(n -> {
            assertThat(n.studyUid()).isEqualTo(study);
            assertThat(n.expiryDate()).isEqualTo(LocalDate.of(2027, 1, 15));
            assertThat(n.objectCount()).isEqualTo(2);
            assertThat(n.accessionNumber()).isEqualTo("ACC-N");
        });
        archiver.retention().markNotified(study, "datacenter");
        assertThat(noticesFor(center)).isEmpty();

        clock.set(Instant.parse("2027-01-20T08:00:00Z"));
        SweepReport unconfirmed = archiver.retention().sweep("retention-job");
        assertThat(unconfirmed.awaitingConfirmation()).contains(study);
        assertThat(unconfirmed.expired()).doesNotContain(study);
        assertThat(archiver.findByStudy(study)).hasSize(2);

        archiver.retention().confirm(study, "center-admin@" + center);
        SweepReport confirmed = archiver.retention().sweep("retention-job");

        assertThat(confirmed.expired()).contains(study);
        assertThat(archiver.findByStudy(study)).isEmpty();
        assertThat(archiver.audit(study)).extracting(e -> e.action())
                .containsSubsequence(AuditAction.ARCHIVE, AuditAction.NOTIFY, AuditAction.CONFIRM, AuditAction.EXPIRE);
        assertThatThrownBy(() -> archiver.retention().confirm(study, "x")).hasMessageContaining(study.value());
    }

    @Test
    void aHeldStudyNeverExpiresUntilTheHoldIsReleased() {
        clock.set(Instant.parse("2026-11-23T10:00:00Z"));
        String center = TestArchive.newCenter("HOLD");
        archiver.retention().setRule(new RetentionRule("CT", Optional.of(center), 0, 30), "admin");
        List<ArchiveItem> items = dated(TestArchive.study(center, SampleStudy.of("CT", "PH", "H^H", "ACC-H"),
                dir.resolve("h"), 1), LocalDate.of(2026, 11, 1));
        items.forEach(archiver::archive);
        StudyUid study = items.get(0).studyUid();
        archiver.retention().hold(study, "litigation 2026-114", "legal@datacenter");

        clock.set(Instant.parse("2030-01-01T00:00:00Z"));
        SweepReport whileHeld = archiver.retention().sweep("retention-job");
        assertThat(whileHeld.held()).contains(study);
        assertThat(archiver.findByStudy(study)).hasSize(1);

        assertThat(archiver.retention().release(study, "legal@datacenter")).isEqualTo(1);
        SweepReport released = archiver.retention().sweep("retention-job");

        assertThat(released.expired()).contains(study);
        assertThat(archiver.findByStudy(study)).isEmpty();
        assertThat(archiver.audit(study)).extracting(e -> e.action())
                .containsSubsequence(AuditAction.HOLD, AuditAction.RELEASE, AuditAction.EXPIRE);
    }

    private static List<ExpiryNotice> noticesFor(String center) {
        return archiver.retention().dueNotices().stream().filter(n -> n.centerCode().equals(center)).toList();
    }

    private static List<VolumeInfo> volumes(String center) {
        return archiver.volumes().stream().filter(v -> v.centerCode().equals(center)).toList();
    }

    private static List<ArchiveItem> dated(List<ArchiveItem> items, LocalDate date) {
        return items.stream().map(i -> TestArchive.dated(i, Optional.of(date))).toList();
    }
}
