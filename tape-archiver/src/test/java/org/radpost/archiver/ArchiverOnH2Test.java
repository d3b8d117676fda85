package org.radpost.archiver;

import org.radpost.testkit.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.archiver.restore.RestoreQuery;
import org.radpost.archiver.restore.RestoreReport;
import org.radpost.archiver.retention.CenterPolicy;
import org.radpost.archiver.retention.CenterRetention;
import org.radpost.archiver.retention.RetentionRule;
import org.radpost.archiver.retention.SweepReport;
import org.radpost.archiver.volume.VolumeInfo;
import org.radpost.archiver.volume.VolumeState;
import org.radpost.testkit.SampleStudy;

/** The archive's whole life on the embedded H2 database (MODE=MySQL), the single-box default. */
class ArchiverOnH2Test {
    @TempDir
    static Path dir;
    static TestArchive archive;
    static final MutableClock clock = MutableClock.at("2026-11-23T10:00:00Z");
    static Archiver archiver;

    @BeforeAll
    static void open() {
        archive = TestArchive.h2(dir);
        archiver = archive.open(300 * 1024, clock);
    }

    @AfterAll
    static void close() {
        archive.close();
    }

    @Test
    void archivesSealsRestoresVerifiesExpiresAndCompactsOnH2() throws Exception {
        archiver.retention().setRule(new RetentionRule("CT", Optional.empty(), 1, 0), "admin");
        archiver.retention().setRule(new RetentionRule("MR", Optional.empty(), 20, 0), "admin");
        archiver.retention().setPolicy(new CenterRetention("EAST", CenterPolicy.NOTIFY_THEN_CONFIRM, 14), "admin");
        List<ArchiveItem> oldCt = dated(TestArchive.study("WEST", SampleStudy.of("CT", "PW", "W^W", "W1"), dir.resolve("w1"), 3),
                LocalDate.of(2026, 1, 10));
        List<ArchiveItem> mr = dated(TestArchive.study("WEST", SampleStudy.of("MR", "PW", "W^W", "W2"), dir.resolve("w2"), 2),
                LocalDate.of(2026, 2, 1));
        List<ArchiveItem> eastCt = dated(TestArchive.study("EAST", SampleStudy.of("CT", "PE", "E^E", "E1"), dir.resolve("e1"), 1),
                LocalDate.of(2026, 1, 10));
        for (List<ArchiveItem> study : List.of(oldCt, mr, eastCt)) {
            study.forEach(archiver::archive);
        }
        assertThat(archiver.archive(oldCt.get(0))).isEqualTo(archiver.find(oldCt.get(0).sopInstanceUid()).orElseThrow());
        assertThat(archiver.volumes()).extracting(VolumeInfo::centerCode, VolumeInfo::modality, VolumeInfo::state)
                .contains(org.assertj.core.groups.Tuple.tuple("WEST", "CT", VolumeState.SEALED),
                        org.assertj.core.groups.Tuple.tuple("WEST", "MR", VolumeState.OPEN),
                        org.assertj.core.groups.Tuple.tuple("EAST", "CT", VolumeState.OPEN));

        RestoreReport restored = archiver.restore(RestoreQuery.patient("PW"), dir.resolve("out"), "test");
        assertThat(restored.failures()).isEmpty();
        assertThat(restored.restored()).hasSize(5);
        for (RestoreReport.Restored r : restored.restored()) {
            Path original = concat(oldCt, mr).stream().filter(i -> i.sopInstanceUid().equals(r.record().sopInstanceUid()))
                    .findFirst().orElseThrow().file();
            assertThat(Files.mismatch(r.file(), original)).isEqualTo(-1);
        }
        assertThat(archiver.priorsFor("PW", "WEST", mr.get(0).studyUid(), 3, Set.of()))
                .extracting(ArchiveRecord::studyUid).containsOnly(oldCt.get(0).studyUid());
        assertThat(archiver.verify().findings()).isEmpty();

        clock.set(Instant.parse("2027-01-01T09:00:00Z"));
        assertThat(archiver.retention().dueNotices()).extracting(n -> n.studyUid()).containsExactly(eastCt.get(0).studyUid());
        clock.set(Instant.parse("2027-01-11T09:00:00Z"));
        SweepReport sweep = archiver.retention().sweep("retention-job");

        assertThat(sweep.expired()).containsExactly(oldCt.get(0).studyUid());
        assertThat(sweep.awaitingConfirmation()).containsExactly(eastCt.get(0).studyUid());
        assertThat(sweep.compactions()).isNotEmpty();
        assertThat(archiver.findByPatient("PW")).extracting(ArchiveRecord::studyUid).containsOnly(mr.get(0).studyUid());
        assertThat(archiver.volumes()).filteredOn(v -> v.centerCode().equals("WEST") && v.modality().equals("CT"))
                .allSatisfy(v -> assertThat(v.state()).isEqualTo(VolumeState.COMPACTED));
        assertThat(archiver.verify().findings()).isEmpty();
    }

    private static List<ArchiveItem> dated(List<ArchiveItem> items, LocalDate date) {
        return items.stream().map(i -> TestArchive.dated(i, Optional.of(date))).toList();
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
